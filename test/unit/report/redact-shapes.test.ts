/**
 * Redaction by name and by shape: credential headers under any of their names, JWTs and random
 * tokens wherever they appear, Basic/Bearer values, and URL passwords that hold a raw `@`.
 */
import { fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactHeaderValue, redactText } from '../../../src/report/index.ts';

const b64url = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
  minLength: 8,
  maxLength: 60,
});
const jwt = fc.tuple(b64url, b64url, b64url).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`);
/** 24–64 characters with at least two capitals, two small letters and two digits: a key. */
const token = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    minLength: 18,
    maxLength: 58,
  })
  .map((b) => `Ab1${b}Zy9`);
const password = fc.string({
  unit: fc.constantFrom(...'abcXYZ019!$%*()@:;,+='),
  minLength: 1,
  maxLength: 20,
});

describe('credential headers by name', () => {
  it.each([
    'Authentication',
    'Cf-Access-Jwt-Assertion',
    'DPoP',
    'X-Signature',
    'X-Hub-Signature-256',
    'Stripe-Signature',
    'X-Goog-IAP-JWT-Assertion',
    'X-Amzn-Oidc-Data',
    'X-Forwarded-Access-Token',
    'X-Request-Signature',
    'X-User-Jwt',
    'X-Auth-Credentials',
  ])('%s', (name) => {
    expect(redactHeaderValue(name, 'v4lue-that-is-secret')).not.toContain('secret');
  });

  it('keeps CORS headers whose names mention credentials', () => {
    expect(redactHeaderValue('Access-Control-Allow-Credentials', 'true')).toBe('true');
    expect(redactHeaderValue('Access-Control-Request-Headers', 'dpop,x-signature')).toBe(
      'dpop,x-signature',
    );
  });

  it('keeps the scheme of an Authentication header', () => {
    expect(redactHeaderValue('Authentication', 'Bearer abc.def.ghi')).toBe(`Bearer ${REDACTED}`);
  });
});

describe('secrets by shape, anywhere in text', () => {
  test.prop([jwt, fc.constantFrom('/api/', '/s/', '#id_token=x&', ' ', '/')])(
    'a JWT in a path, fragment or prose',
    (t, before) => {
      const text = `https://api.test${before}${t}/next`;
      const out = redactText(text);
      expect(out).not.toContain(t);
      expect(out).toContain('https://api.test');
      expect(out).toContain('/next');
    },
  );

  test.prop([token, fc.constantFrom('/v1/keys/', '/hooks/', ' key ', '=')])(
    'a long random token in a path or text',
    (t, before) => {
      expect(redactText(`https://api.test${before}${t}`)).not.toContain(t);
    },
  );

  test.prop([fc.constantFrom('Basic', 'Bearer', 'DPoP', 'Token'), b64url.map((v) => `${v}9Z`)])(
    'scheme credentials',
    (scheme, value) => {
      expect(redactText(`sent ${scheme} ${value} along`)).toBe(`sent ${scheme} ${REDACTED} along`);
    },
  );

  test.prop([
    fc.string({ unit: fc.constantFrom(...'abcdef'), minLength: 1, maxLength: 8 }),
    password,
  ])('a URL password with raw @ and : is hidden whole, the user and host kept', (user, pass) => {
    const out = redactText(`see http://${user}:${pass}@db.test:5432/x?q=1`);
    expect(out).toBe(`see http://${user}:${REDACTED}@db.test:5432/x?q=1`);
  });

  it('keeps what debugging needs: UUIDs, hashes, words, paths', () => {
    for (const text of [
      'http://localhost:3000/api/items/3f2b8c1e-9d4a-4e8b-a1c2-1234567890ab',
      'etag "d41d8cd98f00b204e9800998ecf8427e"',
      'Basic authentication is not CORS.',
      'http://localhost:3000/api/very-long-resource-name-with-many-words',
      'Access-Control-Allow-Origin',
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });

  test.prop([jwt])('redact() finds shapes in every string of an exchange', (t) => {
    const exchange = {
      legs: [
        {
          request: {
            url: `http://a.test/${t}`,
            method: 'GET',
            headers: [{ name: 'X-Trace', value: t }],
          },
        },
      ],
    };
    expect(JSON.stringify(redact(exchange))).not.toContain(t);
  });
});

describe('linear on adversarial text', () => {
  it.each([
    ['; runs', `${';a'.repeat(200_000)}=`],
    ['dotted schemes', `${'a.'.repeat(200_000)}@://`],
    ['eyJ runs', `${'eyJaaaa.'.repeat(100_000)}`],
    ['token-ish runs', `${'Ab1'.repeat(300_000)}`],
    ['@ without scheme end', `http://${'@'.repeat(300_000)}`],
  ])('%s', { timeout: 60_000 }, (_, text) => {
    expect(typeof redactText(text)).toBe('string');
  });
});
