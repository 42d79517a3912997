/**
 * nginx, Apache httpd and Caddy (Debian packages) in front of an app without CORS: the snippet is
 * pasted where its notes say, next to the proxy directive to the app.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBackend } from '../harness/backend.ts';
import { startProcess, type Running } from '../harness/processes.ts';
import { missing, type StackUnderTest } from '../harness/stack.ts';

function firstLine(cmd: string, args: string[], pkg: string): string {
  if (!existsSync(cmd)) missing(cmd, `apt-get install ${pkg}`);
  // nginx -v prints to stderr: merge both.
  const out = execFileSync('sh', ['-c', `"$0" "$@" 2>&1`, cmd, ...args], { encoding: 'utf8' });
  return out.trim().split('\n')[0]!;
}

/** Starts the app, then the front server; stopping stops both. */
async function fronted(run: (backend: string) => Promise<Running>): Promise<Running> {
  const backend = await startBackend();
  try {
    const front = await run(backend.origin);
    return {
      ...front,
      stop: async () => {
        await front.stop();
        await backend.close();
      },
    };
  } catch (e) {
    await backend.close();
    throw e;
  }
}

/** The generated nginx snippet: a `map` for `http { }`, then a `location` for `server { }`. */
function nginxConf(snippet: string, port: number, dir: string, backend: string): string {
  const split = snippet.indexOf('# In the server { }');
  const httpPart = snippet ? snippet.slice(0, split) : '';
  const location = snippet
    ? snippet
        .slice(split)
        .replace(
          /^(\s*)# \.\.\. your existing directives.*$/m,
          (line, indent: string) => `${line}\n${indent}proxy_pass ${backend};`,
        )
    : `location / {\n    proxy_pass ${backend};\n}`;
  if (snippet && !location.includes('proxy_pass')) throw new Error('no place for proxy_pass');
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  return `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events {}
http {
    access_log off;
    ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n    ')}
${httpPart}
    server {
        listen 127.0.0.1:${port};
${location}
    }
}
`;
}

const APACHE_MODULES = [
  'mpm_event',
  'authz_core',
  'headers',
  'setenvif',
  'rewrite',
  'proxy',
  'proxy_http',
];

function apacheConf(snippet: string, port: number, dir: string, backend: string): string {
  return `ServerRoot ${dir}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${join(dir, 'httpd.pid')}
DefaultRuntimeDir ${dir}
ErrorLog ${join(dir, 'error.log')}
LogLevel warn
User www-data
Group www-data
${APACHE_MODULES.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n')}

<VirtualHost 127.0.0.1:${port}>
${snippet}
    ProxyPass / ${backend}/
    ProxyPassReverse / ${backend}/
</VirtualHost>
`;
}

function caddyfile(snippet: string, port: number, dir: string, backend: string): string {
  return `{
\tadmin off
\tauto_https off
\tstorage file_system ${join(dir, 'data')}
}

http://127.0.0.1:${port} {
${snippet}
\treverse_proxy ${backend.replace('http://', '')}
}
`;
}

export function webServerStacks(): StackUnderTest[] {
  return [
    {
      stack: 'nginx',
      label: 'nginx',
      frontsAnApp: true,
      versions: () => firstLine('/usr/sbin/nginx', ['-v'], 'nginx'),
      start: (snippet, port, dir) =>
        fronted((backend) => {
          writeFileSync(join(dir, 'nginx.conf'), nginxConf(snippet, port, dir, backend));
          return startProcess({
            cmd: '/usr/sbin/nginx',
            args: ['-p', dir, '-c', join(dir, 'nginx.conf')],
            cwd: dir,
            port,
          });
        }),
    },
    {
      stack: 'apache',
      label: 'apache2',
      frontsAnApp: true,
      versions: () => firstLine('/usr/sbin/apache2', ['-v'], 'apache2'),
      start: (snippet, port, dir) =>
        fronted((backend) => {
          writeFileSync(join(dir, 'httpd.conf'), apacheConf(snippet, port, dir, backend));
          return startProcess({
            cmd: '/usr/sbin/apache2',
            args: ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'],
            cwd: dir,
            port,
          });
        }),
    },
    {
      stack: 'caddy',
      label: 'caddy',
      frontsAnApp: true,
      versions: () => `caddy ${firstLine('/usr/bin/caddy', ['version'], 'caddy')}`,
      start: (snippet, port, dir) =>
        fronted((backend) => {
          mkdirSync(join(dir, 'data'), { recursive: true });
          writeFileSync(join(dir, 'Caddyfile'), caddyfile(snippet, port, dir, backend));
          return startProcess({
            cmd: '/usr/bin/caddy',
            args: ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'],
            cwd: dir,
            env: { HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: dir },
            port,
          });
        }),
    },
  ];
}
