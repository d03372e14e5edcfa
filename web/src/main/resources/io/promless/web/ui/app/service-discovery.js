// The service discovery page: every discovered target of /api/v1/targets by scrape pool, with
// its labels before relabelling beside the target labels they became, or "Dropped".
import { api, el, labelBadges, showError } from './common.js';

const poolsBox = document.getElementById('pools');

function render(data) {
  const pools = new Map();
  const pool = (name) => {
    if (!pools.has(name)) pools.set(name, []);
    return pools.get(name);
  };
  (data.scrapePools || []).forEach(pool);
  for (const target of data.activeTargets || []) pool(target.scrapePool).push({ discovered: target.discoveredLabels, labels: target.labels });
  for (const target of data.droppedTargets || []) {
    pool(target.scrapePool || '').push({ discovered: target.discoveredLabels, labels: null });
  }
  const sections = [...pools.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, targets]) => {
    const active = targets.filter((target) => target.labels !== null).length;
    return el('section', { class: 'pool', 'data-pool': name },
      el('h2', {}, name, ' ', el('span', { class: 'muted' }, `(${active} / ${targets.length} active targets)`)),
      el('table', { class: 'discovery' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Discovered labels'), el('th', {}, 'Target labels'))),
        el('tbody', {}, targets.map((target) => el('tr', { class: target.labels ? 'kept' : 'dropped' },
          el('td', {}, labelBadges(target.discovered)),
          el('td', {}, target.labels ? labelBadges(target.labels) : el('span', { class: 'state state-firing' }, 'DROPPED')))))));
  });
  poolsBox.replaceChildren(...(sections.length ? sections : [el('p', { class: 'empty' }, 'Nothing is discovered.')]));
}

async function load() {
  try {
    render((await api('api/v1/targets')).data);
  } catch (e) {
    showError(document.getElementById('error'), `Error loading targets: ${e.message}`);
  }
}

load();
