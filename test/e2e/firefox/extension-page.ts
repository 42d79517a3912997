// Driving CORS Lens in Firefox the way its own pages do: protocol messages sent from one of its
// extension pages (the background only answers its own pages), and host access granted through
// permissions.request in a real click, as the popup and panel ask for it.
import type { MessageType, ProtocolMap, Reply } from '../../../src/protocol/messages.ts';
import type { FirefoxSession } from './launch.ts';

export interface ExtensionPage {
  context: string;
  call<K extends MessageType>(
    type: K,
    data: ProtocolMap[K]['data'],
  ): Promise<ProtocolMap[K]['value']>;
  /** Runs `fn` (source text) in the page; `browser.*` is there. */
  evaluate<T>(fn: string, ...args: unknown[]): Promise<T>;
  /** permissions.request({ origins }) from a click; resolves to what the browser answered. */
  requestHostAccess(origins: string[]): Promise<boolean>;
  /** The tab id of the tab showing exactly `url` (visible once the host is granted). */
  tabIdOf(url: string): Promise<number>;
}

export async function openExtensionPage(
  ff: FirefoxSession,
  path = 'extension/options/index.html',
): Promise<ExtensionPage> {
  const context = await ff.bidi.openTab(ff.extensionUrl(path));
  const evaluate = <T>(fn: string, ...args: unknown[]) => ff.bidi.call<T>(context, fn, ...args);
  return {
    context,
    evaluate,
    async call(type, data) {
      const reply = await evaluate<Reply<typeof type>>(
        '(message) => browser.runtime.sendMessage(message)',
        { type, data },
      );
      if (!reply?.ok) throw new Error(`${type}: ${reply ? reply.error.message : 'no reply'}`);
      return reply.value;
    },
    async requestHostAccess(origins) {
      // A button over everything at the top left; its click handler asks, as product pages do.
      await evaluate(
        `(origins) => {
          document.getElementById('e2e-grant')?.remove();
          const b = document.createElement('button');
          b.id = 'e2e-grant';
          b.style = 'position:fixed;left:0;top:0;width:80px;height:40px;z-index:2147483647';
          window.__e2eGrant = undefined;
          b.onclick = () => browser.permissions.request({ origins }).then(
            (granted) => { window.__e2eGrant = granted; },
            (e) => { window.__e2eGrant = 'error: ' + e.message; });
          document.body.append(b);
        }`,
        origins,
      );
      await ff.bidi.click(context, 20, 20);
      for (let i = 0; i < 200; i++) {
        const answer = await evaluate<boolean | string | null>('() => window.__e2eGrant ?? null');
        if (typeof answer === 'string') throw new Error(`permissions.request: ${answer}`);
        if (answer !== null) return answer;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('permissions.request did not answer');
    },
    async tabIdOf(url) {
      // tabs.query({ url }) with a port in the pattern finds nothing in Firefox: filter instead.
      for (let i = 0; i < 100; i++) {
        const id = await evaluate<number | null>(
          '(url) => browser.tabs.query({}).then((tabs) => tabs.find((t) => t.url === url)?.id ?? null)',
          url,
        );
        if (id !== null) return id;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no tab the add-on can see shows ${url}`);
    },
  };
}
