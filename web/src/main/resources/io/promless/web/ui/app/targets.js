// The targets page: /api/v1/targets grouped by scrape pool (the job), with health, last scrape,
// its duration, the error and the labels before and after relabelling.
import { api, ago, el, metricNodes, showError } from './common.js';

const pools = document.getElementById('pools');
const unhealthyOnly = document.getElementById('unhealthy-only');
let snapshot = null;

function render() {
  if (!snapshot) return;
  const byPool = new Map();
  for (const pool of snapshot.scrapePools) byPool.set(pool, []);
  for (const target of snapshot.activeTargets) {
    if (!byPool.has(target.scrapePool)) byPool.set(target.scrapePool, []);
    byPool.get(target.scrapePool).push(target);
  }
  const now = Date.now();
  const sections = [];
  for (const [pool, targets] of [...byPool.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const up = targets.filter((target) => target.health === 'up').length;
    const shown = unhealthyOnly.checked ? targets.filter((target) => target.health !== 'up') : targets;
    if (unhealthyOnly.checked && shown.length === 0) continue;
    sections.push(el('section', { class: 'pool', 'data-pool': pool },
      el('h2', {}, pool, ' ', el('span', { class: up === targets.length ? 'count ok' : 'count bad' }, `(${up}/${targets.length} up)`)),
      shown.length === 0
        ? el('p', { class: 'empty' }, 'No targets in this pool.')
        : el('table', { class: 'targets' },
          el('thead', {}, el('tr', {}, ['Endpoint', 'State', 'Labels', 'Last scrape', 'Scrape duration', 'Error'].map((name) => el('th', {}, name)))),
          el('tbody', {}, shown.map((target) => targetRow(target, now))))));
  }
  if (sections.length === 0) {
    sections.push(el('p', { class: 'empty' }, snapshot.activeTargets.length === 0 ? 'No targets are configured.' : 'Every target is healthy.'));
  }
  pools.replaceChildren(...sections);
}

function targetRow(target, now) {
  const lastScrape = Date.parse(target.lastScrape);
  const neverScraped = Number.isNaN(lastScrape) || lastScrape <= 0;
  return el('tr', { class: 'target' },
    el('td', {}, /^https?:\/\//i.test(target.scrapeUrl)
      ? el('a', { href: target.scrapeUrl, rel: 'noreferrer' }, target.scrapeUrl)
      : target.scrapeUrl),
    el('td', {}, el('span', { class: `health health-${target.health}` }, target.health.toUpperCase())),
    el('td', { class: 'labels' },
      Object.keys(target.labels).sort().map((name) => el('span', { class: 'label-badge' }, `${name}="${target.labels[name]}"`)),
      el('details', {}, el('summary', {}, 'before relabelling'), el('div', { class: 'series' }, metricNodes(target.discoveredLabels)))),
    el('td', {}, neverScraped ? 'never' : ago(lastScrape, now)),
    el('td', {}, neverScraped ? '' : `${(target.lastScrapeDuration * 1000).toFixed(1)}ms`),
    el('td', { class: 'error-text' }, target.lastError));
}

async function load() {
  try {
    const answer = await api('api/v1/targets');
    snapshot = answer.data;
    snapshot.scrapePools = snapshot.scrapePools || [];
    showError(document.getElementById('error'), '');
    render();
  } catch (e) {
    showError(document.getElementById('error'), `Error loading targets: ${e.message}`);
  }
}

unhealthyOnly.addEventListener('change', render);
load();
