/** webRequest as the learning listeners see it: registrations per tab, and a way to fire events. */
import type {
  ObservedFrame,
  ObservedPreflight,
  WebRequestFilter,
  WebRequestHandlers,
  WebRequestPort,
} from '../../../extension/background/ports.ts';

interface Registration {
  filter: WebRequestFilter;
  handlers: WebRequestHandlers;
}

function matches(pattern: string, url: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  // Match patterns carry no port: compare against the URL without one.
  const u = new URL(url);
  return re.test(`${u.protocol}//${u.hostname}${u.pathname}${u.search}`);
}

export class FakeWebRequest implements WebRequestPort {
  registrations: Registration[] = [];
  /** onBeforeRequest listeners for document loads (main_frame, sub_frame). */
  frameRegistrations: Array<{ filter: WebRequestFilter; onFrame: (f: ObservedFrame) => void }> = [];
  added = 0;
  removed = 0;

  observeFrames(filter: WebRequestFilter, onFrame: (f: ObservedFrame) => void): () => void {
    const reg = { filter, onFrame };
    this.frameRegistrations.push(reg);
    return () => {
      this.frameRegistrations = this.frameRegistrations.filter((r) => r !== reg);
    };
  }

  /** A document load in the tab: its page (`main`) or a frame (`sub`), as onBeforeRequest sees it. */
  frame(tabId: number, url: string, kind: ObservedFrame['kind'] = 'sub'): void {
    for (const r of this.frameRegistrations) {
      if (r.filter.tabId === tabId && r.filter.urls.some((p) => matches(p, url))) {
        r.onFrame({ tabId, kind, url });
      }
    }
  }

  /** Tabs with a document-load listener. */
  frameTabs(): number[] {
    return this.frameRegistrations.map((r) => r.filter.tabId).sort((a, b) => a - b);
  }

  observe(filter: WebRequestFilter, handlers: WebRequestHandlers): () => void {
    const reg = { filter, handlers };
    this.registrations.push(reg);
    this.added++;
    return () => {
      this.registrations = this.registrations.filter((r) => r !== reg);
      this.removed++;
    };
  }

  private listening(tabId: number, url: string): Registration[] {
    return this.registrations.filter(
      (r) => r.filter.tabId === tabId && r.filter.urls.some((p) => matches(p, url)),
    );
  }

  /** A preflight as Chromium reports it to an `extraHeaders` listener. */
  preflight(tabId: number, url: string, origin: string, method: string, headers: string): void {
    const request: ObservedPreflight = {
      tabId,
      // Chromium names the frame that made the request; its preflight carries that origin.
      initiator: origin === 'null' ? undefined : origin,
      url,
      method: 'OPTIONS',
      requestHeaders: [
        { name: 'Origin', value: origin },
        { name: 'Access-Control-Request-Method', value: method },
        ...(headers ? [{ name: 'Access-Control-Request-Headers', value: headers }] : []),
      ],
    };
    for (const r of this.listening(tabId, url)) r.handlers.sendHeaders?.(request);
  }

  request(tabId: number, url: string, method: string, headers: Record<string, string>): void {
    const request: ObservedPreflight = {
      tabId,
      url,
      method,
      requestHeaders: Object.entries(headers).map(([name, value]) => ({ name, value })),
    };
    for (const r of this.listening(tabId, url)) r.handlers.sendHeaders?.(request);
  }

  /** `initiator`: the origin of the frame whose request was redirected (absent: not reported). */
  redirect(tabId: number, url: string, redirectUrl: string, initiator?: string): void {
    for (const r of this.listening(tabId, url)) {
      r.handlers.redirect?.({ tabId, url, redirectUrl, ...(initiator ? { initiator } : {}) });
    }
  }

  /** A failed request (a CORS block ends as net::ERR_FAILED); `initiator`: the frame that made it. */
  error(
    tabId: number,
    url: string,
    method: string,
    error = 'net::ERR_FAILED',
    initiator?: string,
  ): void {
    for (const r of this.listening(tabId, url)) {
      r.handlers.error?.({ tabId, url, method, error, ...(initiator ? { initiator } : {}) });
    }
  }

  /** Tabs with any listener. */
  tabs(): number[] {
    return [...new Set(this.registrations.map((r) => r.filter.tabId))].sort((a, b) => a - b);
  }

  /** Tabs with the per-request (onBeforeSendHeaders) listener. */
  perRequestTabs(): number[] {
    return this.registrations
      .filter((r) => r.handlers.sendHeaders)
      .map((r) => r.filter.tabId)
      .sort((a, b) => a - b);
  }
}
