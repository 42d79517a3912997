/** Every stack template, by id. A `Record` so adding a StackId without a template fails to compile. */
import type { StackId } from '../types.ts';
import { angularProxy } from './angular-proxy.ts';
import { apache } from './apache.ts';
import { aspnet } from './aspnet.ts';
import { caddy } from './caddy.ts';
import { django } from './django.ts';
import { express } from './express.ts';
import { fastapi } from './fastapi.ts';
import { fastify } from './fastify.ts';
import { flask } from './flask.ts';
import { go } from './go.ts';
import { koa } from './koa.ts';
import { nestjs } from './nestjs.ts';
import { nextjs } from './nextjs.ts';
import { nginx } from './nginx.ts';
import { rails } from './rails.ts';
import { spring } from './spring.ts';
import type { StackTemplate } from './template.ts';
import { viteProxy } from './vite-proxy.ts';
import { webpackProxy } from './webpack-proxy.ts';

export const STACKS: Readonly<Record<StackId, StackTemplate>> = {
  express,
  fastify,
  koa,
  nestjs,
  nextjs,
  django,
  flask,
  fastapi,
  rails,
  spring,
  aspnet,
  go,
  nginx,
  apache,
  caddy,
  'vite-proxy': viteProxy,
  'webpack-proxy': webpackProxy,
  'angular-proxy': angularProxy,
};

/** Every stack id, in the order stacks are listed (the help, the docs): the keys above. */
export const STACK_IDS: readonly StackId[] = Object.keys(STACKS) as StackId[];

export type { StackTemplate } from './template.ts';
