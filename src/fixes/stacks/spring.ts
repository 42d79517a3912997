/** Spring MVC: a WebMvcConfigurer CORS mapping, plus the Spring Security switch it needs. */
import { argList, dq } from '../quote.ts';
import {
  credentialsNote,
  methodCaseNote,
  PREFLIGHT_BEFORE_AUTH,
  upperCaseOnlyMethods,
} from './notes.ts';
import type { StackTemplate } from './template.ts';

export const spring: StackTemplate = {
  id: 'spring',
  title: 'Spring (WebMvcConfigurer addCorsMappings)',
  kind: 'server',
  language: 'java',
  vary: 'library',
  upperCasesMethods: true,
  render(ctx) {
    const mapping = ctx.apiPrefix ? `${ctx.apiPrefix}/**` : '/**';
    const chain = [
      `.allowedOrigins(${dq(ctx.origin)})`,
      `.allowedMethods(${argList(upperCaseOnlyMethods(ctx), dq)})`,
      `.allowedHeaders(${argList(ctx.headers, dq)})`,
      ...(ctx.exposeHeaders.length > 0
        ? [`.exposedHeaders(${argList(ctx.exposeHeaders, dq)})`]
        : []),
      ...(ctx.credentials ? ['.allowCredentials(true)'] : []),
      `.maxAge(${ctx.maxAge});`,
    ];
    const code = `// src/main/java/<your package>/CorsConfig.java (add your package line)
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class CorsConfig implements WebMvcConfigurer {

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping(${dq(mapping)})
                ${chain.join('\n                ')}
    }
}
`;
    return {
      code,
      notes: [
        'Where: a new `@Configuration` class in a package your application scans (next to your `@SpringBootApplication` class or below it).',
        credentialsNote(ctx),
        PREFLIGHT_BEFORE_AUTH +
          ' With Spring Security, enable its CORS filter so preflights are answered before authentication: `http.cors(Customizer.withDefaults())` in your `SecurityFilterChain` bean (it picks up this MVC mapping). Without it Security answers the preflight 401/403 and the browser reports a CORS error.',
        'Vary: Spring adds `Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers` itself.',
        "Errors: with `http.cors(...)` the CORS filter runs first, so 401/403 from Security keep the headers; errors rendered by Spring Boot's `/error` dispatch may not, so check the status in the Network panel when the browser reports CORS on a failing call.",
        'Alternative per controller: `@CrossOrigin(origins = ' +
          dq(ctx.origin) +
          (ctx.credentials ? ', allowCredentials = "true"' : '') +
          ')` on the class.',
        ...methodCaseNote(ctx, true),
      ],
    };
  },
};
