/**
 * Dev servers whose generated proxy config the suite runs: Vite (a dependency of this project),
 * webpack-dev-server (test/stacks/webpack) and the Angular CLI (test/stacks/angular). Each serves
 * a page of its own; '' as the snippet starts it with no proxy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startProcess } from '../harness/processes.ts';
import {
  homeBin,
  homeVersions,
  packageVersion,
  REPO_ROOT,
  type StackUnderTest,
} from '../harness/stack.ts';

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

const PAGE = '<!doctype html><title>app</title>';

export const vite: StackUnderTest = {
  stack: 'vite-proxy',
  label: 'vite dev server proxy',
  versions: () => packageVersion('vite'),
  start: (snippet, port, dir) => {
    write(dir, { 'vite.config.ts': snippet || 'export default {};\n', 'index.html': PAGE });
    return startProcess({
      cmd: process.execPath,
      args: [
        resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js'),
        '--config',
        join(dir, 'vite.config.ts'),
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--strictPort',
        '--clearScreen',
        'false',
      ],
      cwd: dir,
      port,
    });
  },
};

/**
 * `webpack serve` with the generated config as the whole config: its `// ...your entry` stays
 * webpack's default, `./src/index.js`; the page is `public/index.html`, the dev server's default
 * static folder. In a CommonJS project it is `webpack.config.js`; in an ES module project
 * (`"type": "module"`) `webpack.config.cjs`, as the fix's note says.
 */
function webpackIn(project: 'commonjs' | 'module'): StackUnderTest {
  const config = project === 'module' ? 'webpack.config.cjs' : 'webpack.config.js';
  return {
    stack: 'webpack-proxy',
    label: `webpack dev server proxy (${project === 'module' ? 'ES module project, webpack.config.cjs' : 'webpack.config.js'})`,
    home: 'webpack',
    versions: () => homeVersions('webpack', ['webpack-dev-server', 'webpack', 'webpack-cli']),
    start: (snippet, port, dir) => {
      write(dir, {
        'package.json': JSON.stringify({ private: true, type: project }),
        [config]: snippet || 'module.exports = {};\n',
        'src/index.js': '',
        'public/index.html': PAGE,
      });
      return startProcess({
        cmd: process.execPath,
        args: [
          homeBin('webpack', 'webpack-cli/bin/cli.js'),
          'serve',
          '--mode',
          'development',
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--no-client-overlay',
          '--no-hot',
          '--no-live-reload',
        ],
        cwd: dir,
        port,
      });
    },
  };
}

export const webpack = webpackIn('commonjs');
export const webpackInModuleProject = webpackIn('module');

/** A one-component Angular app, as `ng new --minimal` lays it out, served by `ng serve`. */
const ANGULAR_JSON = (proxy: boolean) =>
  JSON.stringify(
    {
      $schema: './node_modules/@angular/cli/lib/config/schema.json',
      version: 1,
      cli: { analytics: false, cache: { enabled: false } },
      newProjectRoot: 'projects',
      projects: {
        app: {
          projectType: 'application',
          root: '',
          sourceRoot: 'src',
          architect: {
            build: {
              builder: '@angular/build:application',
              options: {
                browser: 'src/main.ts',
                index: 'src/index.html',
                tsConfig: 'tsconfig.json',
                outputPath: 'dist',
              },
              configurations: {
                development: { optimization: false, sourceMap: false, extractLicenses: false },
              },
              defaultConfiguration: 'development',
            },
            serve: {
              builder: '@angular/build:dev-server',
              // Where the fix's note says the file is referenced.
              options: {
                buildTarget: 'app:build:development',
                ...(proxy ? { proxyConfig: 'proxy.conf.json' } : {}),
              },
            },
          },
        },
      },
    },
    null,
    2,
  );

const ANGULAR_FILES = {
  'package.json': '{ "private": true }\n',
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      module: 'preserve',
      moduleResolution: 'bundler',
      skipLibCheck: true,
      isolatedModules: true,
    },
    files: ['src/main.ts'],
  }),
  'src/index.html':
    '<!doctype html>\n<html>\n<head><title>app</title></head>\n<body><app-root></app-root></body>\n</html>\n',
  'src/main.ts': `import { Component } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';

@Component({ selector: 'app-root', template: 'app' })
class App {}

bootstrapApplication(App).catch((e) => console.error(e));
`,
};

export const angular: StackUnderTest = {
  stack: 'angular-proxy',
  label: 'angular dev server proxy (ng serve)',
  home: 'angular',
  versions: () => homeVersions('angular', ['@angular/cli', '@angular/build', '@angular/core']),
  start: (snippet, port, dir) => {
    write(dir, {
      ...ANGULAR_FILES,
      'angular.json': ANGULAR_JSON(snippet !== ''),
      ...(snippet ? { 'proxy.conf.json': snippet } : {}),
    });
    return startProcess(
      {
        cmd: process.execPath,
        args: [
          homeBin('angular', '@angular/cli/bin/ng.js'),
          'serve',
          '--host',
          '127.0.0.1',
          '--port',
          String(port),
          '--live-reload',
          'false',
          '--hmr',
          'false',
        ],
        cwd: dir,
        env: { NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false' },
        port,
      },
      180_000,
    );
  },
};
