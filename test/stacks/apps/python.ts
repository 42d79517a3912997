/** Flask + flask-cors, Django + django-cors-headers, FastAPI (uvicorn): Debian's python3 packages. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '../harness/processes.ts';
import { missing, type StackUnderTest } from '../harness/stack.ts';

/** Debian's interpreter, where apt puts python3-flask & co (not a pyenv or venv one on PATH). */
const PYTHON = '/usr/bin/python3';

function pyVersions(modules: [string, string][]): string {
  if (!existsSync(PYTHON)) missing('python3', 'apt-get install python3');
  const code = `import importlib.metadata as m\nprint(", ".join(n + " " + m.version(d) for n, d in ${JSON.stringify(modules)}))`;
  try {
    return execFileSync(PYTHON, ['-c', code], { encoding: 'utf8' }).trim();
  } catch {
    return missing(
      modules.map(([n]) => n).join(' + '),
      `apt-get install ${modules.map(([, d]) => `python3-${d.toLowerCase()}`).join(' ')}`,
    );
  }
}

const FLASK_APP = (snippet: string, port: number) => `from flask import Flask, jsonify, redirect

app = Flask(__name__)
${snippet}

@app.get("/api/items")
def items():
    return jsonify(items=[1, 2, 3]), 200, {"X-Total-Count": "3"}


@app.route("/api/items", methods=["PUT", "PATCH", "POST"])
def change():
    return jsonify(ok=True)


@app.get("/api/old")
def old():
    return redirect("/api/items", 302)


app.run(host="127.0.0.1", port=${port})
`;

const FASTAPI_APP = (snippet: string) => `from fastapi import FastAPI, Response
from fastapi.responses import RedirectResponse

app = FastAPI()
${snippet}

@app.get("/api/items")
def items(response: Response):
    response.headers["X-Total-Count"] = "3"
    return {"items": [1, 2, 3]}


@app.api_route("/api/items", methods=["PUT", "PATCH", "POST"])
def change():
    return {"ok": True}


@app.get("/api/old")
def old():
    return RedirectResponse("/api/items", status_code=302)
`;

/** A startproject-like layout: settings with the default middleware, the snippet appended. */
const DJANGO_SETTINGS = (snippet: string) => `SECRET_KEY = "stack-suite"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "urls"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES = {}
USE_TZ = True

${snippet}`;

/** A class-based view, as most projects (and DRF) write them: View.options() answers 200 itself. */
const DJANGO_URLS = `from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt


@method_decorator(csrf_exempt, name="dispatch")
class Items(View):
    def get(self, request):
        response = JsonResponse({"items": [1, 2, 3]})
        response["X-Total-Count"] = "3"
        return response

    def put(self, request):
        return JsonResponse({"ok": True})

    patch = post = put


def old(request):
    return HttpResponseRedirect("/api/items")


urlpatterns = [path("api/items", Items.as_view()), path("api/old", old)]
`;

export function pythonStacks(): StackUnderTest[] {
  return [
    {
      stack: 'flask',
      label: 'flask + flask-cors',
      versions: () =>
        pyVersions([
          ['flask', 'Flask'],
          ['flask-cors', 'Flask-Cors'],
        ]),
      start: (snippet, port, dir) => {
        writeFileSync(join(dir, 'app.py'), FLASK_APP(snippet, port));
        return startProcess({ cmd: PYTHON, args: ['app.py'], cwd: dir, port });
      },
    },
    {
      stack: 'django',
      label: 'django + django-cors-headers',
      versions: () =>
        pyVersions([
          ['django', 'Django'],
          ['django-cors-headers', 'django-cors-headers'],
        ]),
      start: (snippet, port, dir) => {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'settings.py'), DJANGO_SETTINGS(snippet));
        writeFileSync(join(dir, 'urls.py'), DJANGO_URLS);
        return startProcess({
          cmd: PYTHON,
          args: ['-m', 'django', 'runserver', '--noreload', `127.0.0.1:${port}`],
          cwd: dir,
          env: { DJANGO_SETTINGS_MODULE: 'settings', PYTHONPATH: dir },
          port,
        });
      },
    },
    {
      stack: 'fastapi',
      label: 'fastapi (uvicorn)',
      versions: () =>
        pyVersions([
          ['fastapi', 'fastapi'],
          ['starlette', 'starlette'],
          ['uvicorn', 'uvicorn'],
        ]),
      start: (snippet, port, dir) => {
        writeFileSync(join(dir, 'main.py'), FASTAPI_APP(snippet));
        return startProcess({
          cmd: PYTHON,
          args: ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(port)],
          cwd: dir,
          port,
        });
      },
    },
  ];
}
