// The rules page: every rule group from /api/v1/rules with its last evaluation, and each rule's
// kind, expression, health, error and evaluation time.
import { api, el, labelBadges, queryLink, showError, timeAndAgo } from './common.js';

const groupsBox = document.getElementById('groups');

function render(groups) {
  const now = Date.now();
  if (groups.length === 0) {
    groupsBox.replaceChildren(el('p', { class: 'empty' }, 'No rule groups are configured.'));
    return;
  }
  groupsBox.replaceChildren(...groups.map((group) => el('section', { class: 'rule-group', 'data-group': group.name },
    el('h2', {}, group.name, ' ', el('span', { class: 'muted' }, group.file || '')),
    el('p', { class: 'muted' },
      `interval ${group.interval}s · last evaluation ${timeAndAgo(group.lastEvaluation, now)} · took ${millis(group.evaluationTime)}`),
    el('table', { class: 'rules' },
      el('thead', {}, el('tr', {}, ['Rule', 'Health', 'Error', 'Last evaluation', 'Evaluation time'].map((name) => el('th', {}, name)))),
      el('tbody', {}, (group.rules || []).map((rule) => el('tr', { class: 'rule', 'data-rule': rule.name },
        el('td', {},
          el('div', {}, el('span', { class: 'muted' }, rule.type === 'alerting' ? 'alert: ' : 'record: '), el('strong', {}, rule.name)),
          el('div', { class: 'expr' }, 'expr: ', queryLink(rule.query)),
          Object.keys(rule.labels || {}).length ? el('div', {}, 'labels: ', labelBadges(rule.labels)) : null),
        el('td', {}, el('span', { class: `health health-${healthClass(rule.health)}` }, (rule.health || 'unknown').toUpperCase())),
        el('td', { class: 'error-text' }, rule.lastError || ''),
        el('td', {}, timeAndAgo(rule.lastEvaluation, now)),
        el('td', {}, millis(rule.evaluationTime)))))))));
}

function healthClass(health) {
  if (health === 'ok') return 'up';
  if (health === 'err') return 'down';
  return 'unknown';
}

function millis(seconds) {
  return typeof seconds === 'number' ? `${(seconds * 1000).toFixed(1)}ms` : '';
}

async function load() {
  try {
    render((await api('api/v1/rules')).data.groups || []);
  } catch (e) {
    showError(document.getElementById('error'), `Error loading rules: ${e.message}`);
  }
}

load();
