// Each button sends one request from this page's origin to the API and shows what the page's
// script gets back. A blocked request looks the same every time from here — a TypeError with no
// detail — which is the point: the reason is only in DevTools.

const config = await (await fetch('/config.json')).json();
const scenarios = await (await fetch('/scenarios.json')).json();

// The cookie the credentialed calls carry (cookies ignore ports: the API on localhost sees it).
document.cookie = 'demo_session=1; SameSite=Lax; path=/';
document.getElementById('page-origin').textContent = location.origin;
document.getElementById('api-origin').textContent = config.apiBase;

function snippet(scenario) {
  const init = Object.keys(scenario.init).length
    ? `, ${JSON.stringify(scenario.init, null, 2)}`
    : '';
  return `fetch('${config.apiBase}${scenario.path}'${init})`;
}

async function run(scenario, outcome) {
  outcome.dataset.outcome = 'pending';
  outcome.textContent = '…';
  try {
    const response = await fetch(config.apiBase + scenario.path, scenario.init);
    const body = await response.text();
    outcome.dataset.outcome = 'ok';
    outcome.textContent = `✔ ${response.status} ${response.statusText} ${body.slice(0, 80)}`;
  } catch (error) {
    outcome.dataset.outcome = 'blocked';
    outcome.textContent = `✘ ${error} — open DevTools → CORS to see why`;
  }
  return { id: scenario.id, outcome: outcome.dataset.outcome };
}

const runners = scenarios.map((scenario) => {
  const row = document.createElement('div');
  row.className = 'scenario';
  row.dataset.id = scenario.id;
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = scenario.title;
  const code = document.createElement('pre');
  code.textContent = snippet(scenario);
  const why = document.createElement('div');
  why.className = 'why';
  why.textContent = scenario.why;
  const outcome = document.createElement('output');
  outcome.className = 'outcome';
  row.append(button, code, why, outcome);
  document.querySelector(`section[data-group="${scenario.group}"]`).append(row);
  const go = () => run(scenario, outcome);
  button.addEventListener('click', go);
  return go;
});

async function runAll() {
  const results = [];
  // One after another, so the requests appear in the panel in page order.
  for (const go of runners) results.push(await go());
  const blocked = results.filter((r) => r.outcome === 'blocked').length;
  document.getElementById('summary').textContent =
    `${results.length - blocked} succeeded, ${blocked} blocked`;
  return results;
}

document.getElementById('run-all').addEventListener('click', runAll);
// For scripts (npm start --headless, tests): `await window.demo.runAll()`.
window.demo = { runAll, ready: true };
if (new URLSearchParams(location.search).get('run') === 'all') runAll();
