/**
 * Go net/http + github.com/rs/cors (Debian's golang-go and golang-github-rs-cors-dev, built in
 * GOPATH mode: no module proxy needed) and Rails + rack-cors (Debian's ruby-railties and
 * ruby-rack-cors, served by rackup/WEBrick).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startProcess } from '../harness/processes.ts';
import { missing, REPO_ROOT, type StackUnderTest } from '../harness/stack.ts';

const GO = '/usr/bin/go';
const GOPATH_DEBIAN = '/usr/share/gocode';
const RS_CORS = join(GOPATH_DEBIAN, 'src/github.com/rs/cors');

/** The handlers a user has: plain net/http, 405 for methods they do not handle. */
const GO_HANDLERS = `\tmux.HandleFunc("/api/items", func(w http.ResponseWriter, r *http.Request) {
\t\tw.Header().Set("Content-Type", "application/json")
\t\tswitch r.Method {
\t\tcase http.MethodGet:
\t\t\tw.Header().Set("X-Total-Count", "3")
\t\t\tw.Write([]byte(\`{"items":[1,2,3]}\`))
\t\tcase http.MethodPut, http.MethodPatch, http.MethodPost:
\t\t\tw.Write([]byte(\`{"ok":true}\`))
\t\tdefault:
\t\t\thttp.Error(w, "method not allowed", http.StatusMethodNotAllowed)
\t\t}
\t})
\tmux.HandleFunc("/api/old", func(w http.ResponseWriter, r *http.Request) {
\t\thttp.Redirect(w, r, "/api/items", http.StatusFound)
\t})`;

const GO_UNCONFIGURED = (port: number) => `package main

import (
\t"log"
\t"net/http"
)

func main() {
\tmux := http.NewServeMux()
${GO_HANDLERS}
\tlog.Fatal(http.ListenAndServe("127.0.0.1:${port}", mux))
}
`;

/** The generated program, with the handlers where it says, listening on loopback only. */
function goProgram(snippet: string, port: number): string {
  if (!snippet) return GO_UNCONFIGURED(port);
  const marker = /^\t\/\/ \.\.\. your handlers.*$/m;
  if (!marker.test(snippet)) throw new Error('no place for the handlers in the Go snippet');
  const listen = `http.ListenAndServe(":${port}",`;
  if (!snippet.includes(listen)) throw new Error(`the Go snippet does not listen on :${port}`);
  return snippet
    .replace(marker, GO_HANDLERS)
    .replace(listen, `http.ListenAndServe("127.0.0.1:${port}",`);
}

const RAILS_APP = `require "logger"
require "action_controller/railtie"
# Bundler.require does this in an app whose Gemfile has gem "rack-cors".
require "rack/cors"

class StackApp < Rails::Application
  config.root = __dir__
  config.eager_load = false
  config.secret_key_base = "stack-suite"
  config.logger = Logger.new($stderr, level: :warn)
  config.hosts.clear
end

class ItemsController < ActionController::API
  def index
    response.set_header("X-Total-Count", "3")
    render json: { items: [1, 2, 3] }
  end

  def change
    render json: { ok: true }
  end

  def old
    redirect_to "/api/items", status: 302
  end
end

Rails.application.initialize!

Rails.application.routes.draw do
  get "/api/items" => "items#index"
  match "/api/items" => "items#change", via: %i[put patch post]
  get "/api/old" => "items#old"
end

run Rails.application
`;

function gemVersions(names: string[]): string {
  if (!existsSync('/usr/bin/ruby')) missing('ruby', 'apt-get install ruby');
  const code = `puts ${JSON.stringify(names)}.map { |n| "#{n} #{Gem::Specification.find_by_name(n).version}" }.join(", ")`;
  try {
    return execFileSync('/usr/bin/ruby', ['-e', code], { encoding: 'utf8' }).trim();
  } catch {
    return missing(names.join(' + '), 'apt-get install ruby-railties ruby-rack-cors ruby-webrick');
  }
}

export function goRailsStacks(): StackUnderTest[] {
  return [
    {
      stack: 'go',
      label: 'go net/http + rs/cors',
      versions: () => {
        if (!existsSync(GO)) missing('go', 'apt-get install golang-go');
        if (!existsSync(RS_CORS)) missing('rs/cors', 'apt-get install golang-github-rs-cors-dev');
        const go = execFileSync(GO, ['version'], { encoding: 'utf8' }).split(' ')[2];
        const changelog = '/usr/share/doc/golang-github-rs-cors-dev/changelog.Debian.gz';
        const deb = existsSync(changelog)
          ? execFileSync('sh', ['-c', `zcat ${changelog} | head -1`], { encoding: 'utf8' })
          : '';
        return `${go}, rs/cors ${/\(([^)-]+)/.exec(deb)?.[1] ?? '?'}`;
      },
      start: (snippet, port, dir) => {
        writeFileSync(join(dir, 'main.go'), goProgram(snippet, port));
        const cache = resolve(REPO_ROOT, 'node_modules/.cache/cors-lens-stacks-go');
        mkdirSync(cache, { recursive: true });
        execFileSync(GO, ['build', '-o', join(dir, 'app'), 'main.go'], {
          cwd: dir,
          env: {
            ...process.env,
            GO111MODULE: 'off',
            GOPATH: `${join(dir, 'gopath')}:${GOPATH_DEBIAN}`,
            GOCACHE: cache,
          },
          stdio: 'pipe',
        });
        return startProcess({ cmd: join(dir, 'app'), args: [], cwd: dir, port });
      },
    },
    {
      stack: 'rails',
      label: 'rails + rack-cors',
      versions: () => gemVersions(['railties', 'rack-cors', 'rack']),
      start: (snippet, port, dir) => {
        writeFileSync(join(dir, 'config.ru'), RAILS_APP);
        mkdirSync(join(dir, 'config/initializers'), { recursive: true });
        // Where the fix's note puts it: config/initializers/cors.rb.
        writeFileSync(join(dir, 'config/initializers/cors.rb'), snippet);
        return startProcess({
          cmd: '/usr/bin/rackup',
          args: ['-s', 'webrick', '-o', '127.0.0.1', '-p', String(port), 'config.ru'],
          cwd: dir,
          env: { RAILS_ENV: 'development' },
          port,
        });
      },
    },
  ];
}
