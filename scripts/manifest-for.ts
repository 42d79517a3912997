// Pure patch from the Chrome-shaped manifest.json to what a given build needs.
export type BuildTarget = 'chrome' | 'firefox';

export interface ManifestOptions {
  target: BuildTarget;
  /** End-to-end test build: pinned id and host access granted without a prompt. */
  testBuild: boolean;
}

// A fixed public key gives the test build a stable extension id, whatever folder it is loaded from.
// The matching private key is not needed: Chromium only hashes the public key into the id.
export const TEST_BUILD_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr8hOlBdbaicHguodv9JT+xcTZmzXg922AY105pd3wBIPVeKWocE+CRwS7SQIkhd49TPB9GOs1TWLFB+8M9cR+Vza8HqtsdA8mR936kyjjPPO6dsCrL9uSEwIj/ZYbsObb6Li2gKpvDe2hGz8dMzgfkbf6TlSvzV5EbwtlQa8S1enWya/iGC74SS7Ogs70px2PK4QXEisIAzgxtoQ192OovGEzCxjg14xYpOc8L2bhQ6cDqvfhUlB2VMki6/5L8l2oesEDZJN2AGam0IraMExEUULIsCKZi0qtH/FBbV5SiKhhO4bdPm7e4bGutlvyLb5dTSfQs/N3pdK5TG5iAqe4wIDAQAB';

type Manifest = Record<string, unknown>;

export function manifestFor(base: Manifest, { target, testBuild }: ManifestOptions): Manifest {
  const m: Manifest = structuredClone(base);
  if (testBuild) {
    m.key = TEST_BUILD_KEY;
    m.host_permissions = m.optional_host_permissions;
    delete m.optional_host_permissions;
  }
  if (target === 'firefox') {
    const bg = m.background as { service_worker: string };
    m.background = { scripts: [bg.service_worker], type: 'module' };
    m.browser_specific_settings = {
      gecko: { id: 'cors-lens@cors-lens.dev', data_collection_permissions: { required: ['none'] } },
    };
    delete m.minimum_chrome_version;
  }
  return m;
}
