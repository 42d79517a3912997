import { STACK_IDS } from './stacks.ts';

export const HELP = `Usage: cors-lens explain FILE.har [options]

Explains every cross-origin request in a HAR file saved from Chrome's or Firefox's
DevTools: whether the browser blocked it, why (Chromium's own CORS error name), what
the browser sent, what the server answered, and the fix for your server or dev proxy.

Arguments:
  FILE.har            the HAR file to read; "-" reads standard input

Options:
  --json              print the report as JSON instead of text
  --fail-on-blocked   exit with status 1 when a request was blocked (for CI)
  --all               list every allowed request instead of a summary
  --stack NAME        show the fix for this stack first; one of:
                      ${wrap(STACK_IDS.join(', '), 58, 22)}
  --module esm|cjs    module system of the Express/Fastify/Koa snippets: ES module
                      (import, the default) or CommonJS (require); JSON has both
  --no-color          no colours (also when NO_COLOR is set or output is not a terminal)
  --no-redact         show cookies, Authorization, API keys and tokens as recorded
  --fixes N           with --json, at most N fixes per blocked request (default 3; "all")
  -h, --help          show this help
  -v, --version       show the version

Exit status:
  0  done
  1  a request was blocked and --fail-on-blocked was given
  2  usage error, or input that is not (entirely) a readable HAR file;
     whatever could be read is still reported, with the problems listed

Files of any size are streamed: memory stays bounded (one entry may take up to 64 MiB,
1,000,000 JSON values and 1,000 levels of nesting).

Probe a live server as Chromium would instead: cors-lens check --help
`;

function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}
