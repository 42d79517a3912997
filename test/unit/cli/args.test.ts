import { describe, expect, it } from 'vitest';
import { parseArgs, useColor } from '../../../src/cli/index.ts';

describe('parseArgs', () => {
  const base = {
    kind: 'explain',
    json: false,
    failOnBlocked: false,
    all: false,
    color: undefined,
    redact: true,
    fixes: 3,
  };

  it('takes options before or after the file', () => {
    const want = { ...base, file: 'x.har', json: true, failOnBlocked: true };
    expect(parseArgs(['explain', 'x.har', '--json', '--fail-on-blocked'])).toEqual(want);
    expect(parseArgs(['--json', 'explain', '--fail-on-blocked', 'x.har'])).toEqual(want);
  });

  it('reads every option', () => {
    expect(
      parseArgs(['explain', '-', '--all', '--no-color', '--no-redact', '--stack', 'Django']),
    ).toEqual({
      ...base,
      file: '-',
      all: true,
      color: false,
      redact: false,
      stack: 'django',
    });
    expect(parseArgs(['explain', 'a.har', '--stack=vite-proxy'])).toMatchObject({
      stack: 'vite-proxy',
    });
    expect(parseArgs(['explain', 'a.har', '--module', 'cjs'])).toMatchObject({
      moduleFormat: 'cjs',
    });
    expect(parseArgs(['explain', 'a.har', '--module=esm'])).toMatchObject({ moduleFormat: 'esm' });
    expect(parseArgs(['explain', '--', '--odd-name.har'])).toMatchObject({
      file: '--odd-name.har',
    });
  });

  it.each([
    [['--help'], { kind: 'help' }],
    [['explain', '-h'], { kind: 'help' }],
    [['--version'], { kind: 'version' }],
    [['-v', 'explain', 'x.har'], { kind: 'version' }],
  ])('%j → %j', (argv, want) => {
    expect(parseArgs(argv)).toEqual(want);
  });

  it.each([
    [[], /missing command/],
    [['explain'], /needs a HAR file/],
    [['explain', 'a.har', 'b.har'], /takes one file, got 2/],
    [['explain', 'a.har', '--jsn'], /unknown option --jsn/],
    [['explain', 'a.har', '--stack'], /--stack needs a value: one of express/],
    [['explain', 'a.har', '--stack', 'cobol'], /unknown stack "cobol"/],
    [['explain', 'a.har', '--module'], /--module needs one of esm, cjs/],
    [['explain', 'a.har', '--module', 'amd'], /--module needs one of esm, cjs/],
    [['capture.har'], /Did you mean "cors-lens explain capture.har"/],
    [['diagnose', 'x'], /unknown command "diagnose"\.$/],
  ])('rejects %j', (argv, message) => {
    const parsed = parseArgs(argv);
    expect(parsed.kind).toBe('usage-error');
    if (parsed.kind === 'usage-error') expect(parsed.message).toMatch(message);
  });
});

describe('useColor', () => {
  it.each([
    [undefined, true, {}, true],
    [undefined, false, {}, false],
    [false, true, {}, false],
    [undefined, true, { NO_COLOR: '1' }, false],
    [undefined, true, { NO_COLOR: '' }, true],
    [undefined, false, { FORCE_COLOR: '1' }, true],
    [undefined, false, { FORCE_COLOR: '0' }, false],
    [false, true, { FORCE_COLOR: '1' }, false],
    [undefined, true, { TERM: 'dumb' }, false],
  ] as const)('--no-color=%s tty=%s env=%j → %s', (requested, tty, env, want) => {
    expect(useColor(requested, tty, env)).toBe(want);
  });
});

describe('--fixes', () => {
  it.each([
    [['--fixes', '0'], 0],
    [['--fixes=7'], 7],
    [['--fixes', 'all'], Infinity],
  ])('%j gives %d', (flag, n) => {
    expect(parseArgs(['explain', 'x.har', ...flag])).toMatchObject({ fixes: n });
  });

  it.each([['--fixes'], ['--fixes', '-1'], ['--fixes=x'], ['--fixes', '1.5']])(
    '%j is a usage error',
    (...flag) => {
      expect(parseArgs(['explain', 'x.har', ...flag])).toMatchObject({ kind: 'usage-error' });
    },
  );
});
