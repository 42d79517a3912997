// Callback-style `chrome.devtools` calls as promises: the promise forms exist only from Chrome 151,
// and the manifest supports older versions.

export function getHarEntries(): Promise<object[]> {
  return new Promise((resolve) => {
    chrome.devtools.network.getHAR((log) => resolve(log?.entries ?? []));
  });
}

/** `location.href` of the inspected page (the devtools API has no direct getter). */
export function inspectedPageUrl(): Promise<string | undefined> {
  return new Promise((resolve) => {
    chrome.devtools.inspectedWindow.eval<string>('location.href', (...args) => {
      const [result, error] = args;
      resolve(!error && typeof result === 'string' ? result : undefined);
    });
  });
}
