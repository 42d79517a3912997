/** NestJS: `app.enableCors`, which hands the options to `cors` (Express) or @fastify/cors. */
import { corsPackageOptions } from './express.ts';
import { credentialsNote, listenPort, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import type { StackTemplate } from './template.ts';

export const nestjs: StackTemplate = {
  id: 'nestjs',
  title: 'NestJS (app.enableCors)',
  kind: 'server',
  language: 'ts',
  vary: 'library',
  render(ctx) {
    const code = `// src/main.ts
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({
${corsPackageOptions(ctx, '    ')}
  });
  await app.listen(${listenPort(ctx, '3000')});
}
void bootstrap();
`;
    return {
      code,
      notes: [
        'Where: `src/main.ts`, between `NestFactory.create(...)` and `app.listen(...)`. Do not also pass `cors: true` to `NestFactory.create`.',
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' enableCors registers plain middleware, which runs before guards (AuthGuard), so preflights are answered before auth.',
        'Errors: the headers are set before the route handler runs, so exception-filter responses (404, 401 from guards, 500) keep them.',
        ...methodCaseNote(ctx),
      ],
    };
  },
};
