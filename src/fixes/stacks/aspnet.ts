/** ASP.NET Core: a named CORS policy, UseCors placed before authentication. */
import { argList, dq } from '../quote.ts';
import { credentialsNote, methodCaseNote, PREFLIGHT_BEFORE_AUTH } from './notes.ts';
import type { StackTemplate } from './template.ts';

export const aspnet: StackTemplate = {
  id: 'aspnet',
  title: 'ASP.NET Core (AddCors / UseCors)',
  kind: 'server',
  language: 'csharp',
  // CorsService sets Vary: Origin only when a policy lists more than one origin.
  vary: 'snippet',
  render(ctx) {
    const policy = [
      `.WithOrigins(${dq(ctx.origin)})`,
      `.WithMethods(${argList(ctx.methods, dq)})`,
      `.WithHeaders(${argList(ctx.headers, dq)})`,
      ...(ctx.exposeHeaders.length > 0
        ? [`.WithExposedHeaders(${argList(ctx.exposeHeaders, dq)})`]
        : []),
      ...(ctx.credentials ? ['.AllowCredentials()'] : []),
      `.SetPreflightMaxAge(TimeSpan.FromSeconds(${ctx.maxAge}))`,
    ];
    const code = `// Program.cs
const string FrontendCors = "frontend";

builder.Services.AddCors(options =>
{
    options.AddPolicy(FrontendCors, policy => policy
        ${policy.join('\n        ')});
});

var app = builder.Build();

// With a single allowed origin ASP.NET Core sends no Vary: Origin, yet the response depends on it.
app.Use(async (context, next) =>
{
    context.Response.Headers.Append("Vary", "Origin");
    await next();
});

app.UseRouting();
app.UseCors(FrontendCors); // after UseRouting, before UseAuthentication and UseAuthorization
app.UseAuthentication();
app.UseAuthorization();
`;
    return {
      code,
      notes: [
        'Where: `Program.cs`. `AddCors` goes with the other `builder.Services` calls; keep your own `builder.Build()`, and put `UseCors` after `UseRouting()` and before `UseAuthentication()`/`UseAuthorization()` (and before `MapControllers()`).',
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' The CORS middleware answers preflights with 204 itself, so it must run before authentication; `[Authorize]` endpoints then never see OPTIONS.',
        'Errors: the middleware applies its headers when the response starts, so exceptions handled after it keep them; put `UseExceptionHandler` before `UseCors` rather than after.',
        ...methodCaseNote(ctx),
      ],
    };
  },
};
