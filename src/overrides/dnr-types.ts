/**
 * The declarativeNetRequest rule shapes CORS Lens produces, mirroring `chrome.declarativeNetRequest`
 * (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-Rule).
 * Our own types, so src/ stays free of @types/chrome; only the fields we use or must evaluate.
 */

/** https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-ResourceType */
export type DnrResourceType =
  | 'main_frame'
  | 'sub_frame'
  | 'stylesheet'
  | 'script'
  | 'image'
  | 'font'
  | 'object'
  | 'xmlhttprequest'
  | 'ping'
  | 'csp_report'
  | 'media'
  | 'websocket'
  | 'webtransport'
  | 'webbundle'
  | 'other';

/** Lower-case, as DNR spells them. */
export type DnrRequestMethod =
  'connect' | 'delete' | 'get' | 'head' | 'options' | 'patch' | 'post' | 'put' | 'other';

/**
 * A response-header condition (Chrome 128+). `values` and `excludedValues` are patterns matched
 * case-insensitively against the header value, with `*` (any run) and `?` (zero or one char);
 * `\*` and `\?` are literal. Neither given: the header merely has to be present.
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-HeaderInfo
 */
export interface DnrHeaderInfo {
  header: string;
  values?: string[];
  excludedValues?: string[];
}

export interface DnrRuleCondition {
  urlFilter?: string;
  regexFilter?: string;
  isUrlFilterCaseSensitive?: boolean;
  initiatorDomains?: string[];
  excludedInitiatorDomains?: string[];
  requestDomains?: string[];
  excludedRequestDomains?: string[];
  resourceTypes?: DnrResourceType[];
  excludedResourceTypes?: DnrResourceType[];
  requestMethods?: DnrRequestMethod[];
  excludedRequestMethods?: DnrRequestMethod[];
  /** Session rules only. */
  tabIds?: number[];
  excludedTabIds?: number[];
  responseHeaders?: DnrHeaderInfo[];
  excludedResponseHeaders?: DnrHeaderInfo[];
}

export type DnrHeaderOperation = 'append' | 'set' | 'remove';

export interface DnrModifyHeaderInfo {
  header: string;
  operation: DnrHeaderOperation;
  value?: string;
}

export type DnrRuleAction =
  | { type: 'allow' }
  | {
      type: 'modifyHeaders';
      requestHeaders?: DnrModifyHeaderInfo[];
      responseHeaders?: DnrModifyHeaderInfo[];
    };

export interface DnrRule {
  id: number;
  priority?: number;
  action: DnrRuleAction;
  condition: DnrRuleCondition;
}
