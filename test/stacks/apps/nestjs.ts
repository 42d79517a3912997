/**
 * NestJS on Express. Its packages live in test/stacks/nestjs (npm ci --prefix test/stacks/nestjs,
 * run by .ci/run) so the root install stays lean. The generated `src/main.ts` is compiled as a
 * Nest project compiles it (TypeScript, decorators with metadata, CommonJS).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { startProcess } from '../harness/processes.ts';
import { homeVersions, REPO_ROOT, type StackUnderTest } from '../harness/stack.ts';

const NEST_MODULES = resolve(REPO_ROOT, 'test/stacks/nestjs/node_modules');

const APP_MODULE = `import { Module } from '@nestjs/common';
import { ItemsController } from './items.controller';

@Module({ controllers: [ItemsController] })
export class AppModule {}
`;

const CONTROLLER = `import { Controller, Get, Header, HttpCode, Patch, Post, Put, Redirect } from '@nestjs/common';

@Controller('api')
export class ItemsController {
  @Get('items')
  @Header('X-Total-Count', '3')
  list() {
    return { items: [1, 2, 3] };
  }

  @Put('items')
  put() {
    return { ok: true };
  }

  @Patch('items')
  patch() {
    return { ok: true };
  }

  @Post('items')
  @HttpCode(200)
  post() {
    return { ok: true };
  }

  @Get('old')
  @Redirect('/api/items', 302)
  old() {}
}
`;

const UNCONFIGURED_MAIN = (port: number) => `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(${port});
}
void bootstrap();
`;

export const nestjs: StackUnderTest = {
  stack: 'nestjs',
  label: 'nestjs (express platform)',
  versions: () => homeVersions('nestjs', ['@nestjs/core', '@nestjs/platform-express', 'cors']),
  start: (snippet, port, dir) => {
    const main = snippet || UNCONFIGURED_MAIN(port);
    const listen = `app.listen(${port})`;
    if (!main.includes(listen)) throw new Error(`the NestJS snippet does not call ${listen}`);
    const sources: Record<string, string> = {
      // Loopback only, like every server in the suite.
      main: main.replace(listen, `app.listen(${port}, '127.0.0.1')`),
      'app.module': APP_MODULE,
      'items.controller': CONTROLLER,
    };
    for (const [name, source] of Object.entries(sources)) {
      const out = ts.transpileModule(source, {
        fileName: `${name}.ts`,
        reportDiagnostics: true,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
        },
      });
      if (out.diagnostics?.length) {
        throw new Error(
          `${name}.ts: ${ts.flattenDiagnosticMessageText(out.diagnostics[0]!.messageText, '\n')}`,
        );
      }
      writeFileSync(join(dir, `${name}.js`), out.outputText);
    }
    return startProcess({
      cmd: process.execPath,
      args: ['main.js'],
      cwd: dir,
      env: { NODE_PATH: NEST_MODULES },
      port,
    });
  },
};
