// The alerts page: every alerting rule from /api/v1/rules?type=alert, grouped as the rule files
// group them, with its state, definition and active alerts (labels, annotations, active since,
// value). Checkboxes filter rules by state.
import { api, el, labelBadges, queryLink, showError, timeAndAgo } from './common.js';

const groupsBox = document.getElementById('groups');
const filters = [...document.querySelectorAll('#filters input[data-state]')];
let groups = null;

function render() {
  if (!groups) return;
  const wanted = new Set(filters.filter((box) => box.checked).map((box) => box.dataset.state));
  const now = Date.now();
  const sections = [];
  const counts = { inactive: 0, pending: 0, firing: 0 };
  for (const group of groups) {
    const rules = (group.rules || []).filter((rule) => rule.type === 'alerting');
    rules.forEach((rule) => { counts[rule.state] = (counts[rule.state] || 0) + 1; });
    const shown = rules.filter((rule) => wanted.has(rule.state));
    if (shown.length === 0) continue;
    sections.push(el('section', { class: 'rule-group', 'data-group': group.name },
      el('h2', {}, group.name, ' ', el('span', { class: 'muted' }, group.file || '')),
      shown.map((rule) => alertingRule(rule, now))));
  }
  filters.forEach((box) => {
    box.parentElement.lastChild.textContent = ` ${capitalize(box.dataset.state)} (${counts[box.dataset.state] || 0})`;
  });
  if (sections.length === 0) {
    sections.push(el('p', { class: 'empty' }, groups.length === 0 ? 'No alerting rules are configured.' : 'No rules in the chosen states.'));
  }
  groupsBox.replaceChildren(...sections);
}

function alertingRule(rule, now) {
  const alerts = rule.alerts || [];
  return el('details', { class: `alert-rule state-${rule.state}`, 'data-rule': rule.name, open: rule.state !== 'inactive' },
    el('summary', {},
      el('span', { class: `state state-${rule.state}` }, rule.state.toUpperCase()), ' ',
      el('strong', {}, rule.name), ` (${alerts.length} active)`),
    el('dl', { class: 'rule-definition' },
      el('dt', {}, 'expr'), el('dd', {}, queryLink(rule.query)),
      rule.duration ? [el('dt', {}, 'for'), el('dd', {}, `${rule.duration}s`)] : null,
      rule.keepFiringFor ? [el('dt', {}, 'keep_firing_for'), el('dd', {}, `${rule.keepFiringFor}s`)] : null,
      Object.keys(rule.labels || {}).length ? [el('dt', {}, 'labels'), el('dd', {}, labelBadges(rule.labels))] : null,
      Object.keys(rule.annotations || {}).length ? [el('dt', {}, 'annotations'), el('dd', {}, annotations(rule.annotations))] : null,
      rule.lastError ? [el('dt', {}, 'error'), el('dd', { class: 'error-text' }, rule.lastError)] : null),
    alerts.length === 0 ? null : el('table', { class: 'alerts' },
      el('thead', {}, el('tr', {}, ['Labels', 'State', 'Active since', 'Value'].map((name) => el('th', {}, name)))),
      el('tbody', {}, alerts.map((alert) => el('tr', { class: 'alert' },
        el('td', {}, labelBadges(alert.labels), annotations(alert.annotations)),
        el('td', {}, el('span', { class: `state state-${alert.state}` }, alert.state.toUpperCase())),
        el('td', {}, timeAndAgo(alert.activeAt, now)),
        el('td', { class: 'value' }, alert.value))))));
}

function annotations(values) {
  const names = Object.keys(values || {}).sort();
  if (names.length === 0) return null;
  return el('dl', { class: 'annotations' }, names.map((name) => [el('dt', {}, name), el('dd', {}, values[name])]));
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function load() {
  try {
    groups = (await api('api/v1/rules', { type: 'alert' })).data.groups || [];
    showError(document.getElementById('error'), '');
    render();
  } catch (e) {
    showError(document.getElementById('error'), `Error loading alerting rules: ${e.message}`);
  }
}

filters.forEach((box) => box.addEventListener('change', render));
load();
