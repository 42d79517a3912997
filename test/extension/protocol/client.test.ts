import { describe, expect, it } from 'vitest';
import { ProtocolCallError, unwrapReply } from '../../../src/protocol/client.ts';

describe('page-side reply handling', () => {
  it('unwraps values and throws errors with their issues', () => {
    expect(unwrapReply({ ok: true, value: 'pong' })).toBe('pong');
    const e = (() => {
      try {
        unwrapReply({
          ok: false,
          error: { message: 'bad', issues: [{ path: 'site', message: 'x' }] },
        });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ProtocolCallError);
    expect((e as ProtocolCallError).issues).toEqual([{ path: 'site', message: 'x' }]);
  });

  it('treats a missing or malformed reply as an error, not a value', () => {
    expect(() => unwrapReply(undefined)).toThrow(/did not answer/);
    expect(() => unwrapReply({ ok: 'yes' })).toThrow(ProtocolCallError);
  });
});
