/**
 * "Answer preflights" (opt-in per override, Chrome only): DNR can change headers but not a status,
 * so a preflight the server answers 404/405/5xx, or redirects (Chromium never follows a preflight's
 * redirect), stays blocked. For overrides that opted in, CORS Lens attaches chrome.debugger to the
 * override's tabs and pauses requests to the API origins at the **request** stage: a real preflight
 * (OPTIONS with Access-Control-Request-Method) from the site itself is answered there with 204 and
 * the override's CORS headers, allowing exactly what it asks; everything else continues untouched
 * (one pause per request, and none on the response). Request stage because a redirect paused at
 * the response stage cannot be fulfilled (checked in Chromium 156: `Fetch.fulfillRequest` on a
 * paused 301 returns no error, and the preflight still fails). The server is then not asked the
 * preflight at all; its actual requests still get the DNR rules.
 *
 * Chrome shows "CORS Lens started debugging this browser" while attached; the UI says so before the
 * user opts in. Closing that bar detaches us (`canceled_by_user`): the override then stops answering
 * preflights instead of re-attaching against the user's wish.
 */
import type { Header } from '../../src/cors/types.ts';
import type { Override } from '../../src/overrides/index.ts';
import { ALL_HTTP_HOSTS, originToMatchPattern } from '../../src/overrides/host-patterns.ts';
import {
  answerHeaders,
  coversTarget,
  isRealPreflight,
  preflightHeaders,
  taintedAnswer,
  taintedFromSite,
} from './preflight-answer.ts';
import type { DebuggerPort, Logger, PausedRequest } from './ports.ts';
import type { SessionState } from './session-state.ts';

export interface AnswerTarget {
  tabId: number;
  override: Override;
}

export interface AnswererEvents {
  /** The preflight's request headers, to learn from (the answer allowed what it asked). */
  answered(overrideId: string, headers: Header[]): void;
  /** The user closed Chrome's debugging bar. */
  cancelledByUser(overrideId: string): void;
  problem(overrideId: string, message: string): void;
}

function fetchPatterns(override: Override): { urlPattern: string; requestStage: 'Request' }[] {
  const hosts =
    override.apiOrigins === 'any'
      ? [...ALL_HTTP_HOSTS]
      : [...new Set(override.apiOrigins.map(originToMatchPattern).filter((p) => p !== undefined))];
  // CDP patterns are globs (`*` any run): a match pattern's `*.` prefix and `/*` tail read the same.
  return hosts.map((urlPattern) => ({ urlPattern, requestStage: 'Request' }));
}

/** Tainted requests whose response we asked to see; bounded (a request may fail before it). */
const MAX_TAINTED_PENDING = 256;

export class PreflightAnswerer {
  private readonly targets = new Map<number, { override: Override; key: string }>();
  private readonly taintedPending = new Set<string>();

  constructor(
    private readonly dbg: DebuggerPort | undefined,
    private readonly session: SessionState,
    private readonly events: AnswererEvents,
    private readonly log: Logger,
  ) {}

  get available(): boolean {
    return this.dbg !== undefined;
  }

  isAnswering(tabId: number): boolean {
    return this.targets.has(tabId);
  }

  /** The tabs attached now (their tainted requests are answered here, see onPaused). */
  answeringTabs(): number[] {
    return [...this.targets.keys()].sort((a, b) => a - b);
  }

  /** Attaches to exactly the targets' tabs; detaches from every other tab we had attached. */
  async sync(targets: readonly AnswerTarget[]): Promise<void> {
    const dbg = this.dbg;
    if (!dbg) return;
    const attachedBefore = new Set([
      ...(await this.session.debuggerTabs()),
      ...this.targets.keys(),
    ]);
    const wanted = new Map(targets.map((t) => [t.tabId, t.override]));
    for (const tabId of attachedBefore) {
      if (wanted.has(tabId)) continue;
      this.targets.delete(tabId);
      await dbg.detach(tabId).catch(() => undefined); // Closed tabs detach by themselves.
    }
    for (const [tabId, override] of wanted) {
      const patterns = fetchPatterns(override);
      const key = `${override.id}|${JSON.stringify(patterns)}`;
      if (this.targets.get(tabId)?.key === key) continue;
      try {
        // After a worker restart the session still holds the attachment; only enable then.
        if (!attachedBefore.has(tabId)) await dbg.attach(tabId);
        await dbg.send(tabId, 'Fetch.enable', { patterns }).catch(async () => {
          await dbg.attach(tabId);
          await dbg.send(tabId, 'Fetch.enable', { patterns });
        });
        this.targets.set(tabId, { override, key });
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        this.events.problem(override.id, `Could not answer preflights in tab ${tabId}: ${why}`);
        this.targets.delete(tabId);
      }
    }
    await this.session.setDebuggerTabs([...this.targets.keys()].sort((a, b) => a - b));
  }

  /**
   * Fetch.requestPaused: answer the site's real preflight, continue everything else unchanged. A
   * request of the site that a cross-origin redirect tainted (`Origin: null`) is the exception DNR
   * cannot see: its preflight is answered with ACAO `null`, and the response of its actual request is
   * paused once more to get ACAO `null` (+ ACAC), so it passes on the first try.
   */
  async onPaused(paused: PausedRequest): Promise<void> {
    const dbg = this.dbg;
    if (!dbg) return;
    const target = this.targets.get(paused.tabId);
    const { requestId } = paused;
    try {
      if (paused.status !== undefined && this.taintedPending.delete(requestId) && target) {
        const responseHeaders = taintedAnswer(target.override, paused.responseHeaders ?? []);
        await dbg
          .send(paused.tabId, 'Fetch.continueResponse', {
            requestId,
            responseCode: paused.status,
            responseHeaders,
          })
          .catch(() => dbg.send(paused.tabId, 'Fetch.continueRequest', { requestId }));
        return;
      }
      // Paused before the server answered (request stage): a response-stage pause, from an older
      // attachment, is answered only when it failed.
      const failed = paused.status === undefined || paused.status < 200 || paused.status > 299;
      const covered = target !== undefined && coversTarget(target.override, paused.url);
      const tainted = covered && taintedFromSite(target.override, paused.headers);
      const asked = preflightHeaders(paused.headers);
      if (
        target &&
        covered &&
        failed &&
        isRealPreflight(paused.method, paused.headers) &&
        (asked.origin === target.override.site || tainted)
      ) {
        await dbg.send(paused.tabId, 'Fetch.fulfillRequest', {
          requestId,
          responseCode: 204,
          responseHeaders: answerHeaders(target.override, asked, tainted ? 'null' : undefined),
        });
        this.events.answered(
          target.override.id,
          Object.entries(paused.headers).map(([name, value]) => ({ name, value })),
        );
        return;
      }
      if (tainted && paused.status === undefined) {
        if (this.taintedPending.size >= MAX_TAINTED_PENDING) this.taintedPending.clear();
        this.taintedPending.add(requestId);
        await dbg.send(paused.tabId, 'Fetch.continueRequest', {
          requestId,
          interceptResponse: true,
        });
        return;
      }
      await dbg.send(paused.tabId, 'Fetch.continueRequest', { requestId });
    } catch (e) {
      // The tab navigated or closed meanwhile: the request is gone with it.
      this.log.warn('Fetch.requestPaused handling failed', e);
    }
  }

  onDetach(tabId: number, reason: string): void {
    const target = this.targets.get(tabId);
    this.targets.delete(tabId);
    if (target && reason === 'canceled_by_user') this.events.cancelledByUser(target.override.id);
  }
}
