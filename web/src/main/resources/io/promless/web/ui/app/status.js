// The status page: build and runtime information, command-line flags, the configuration and
// TSDB figures, each from its /api/v1/status endpoint. A section whose endpoint fails shows why.
import { api, el } from './common.js';

const sections = document.getElementById('sections');

function keyValueTable(object) {
  return el('table', { class: 'key-value' }, el('tbody', {},
    Object.keys(object).map((key) => el('tr', {}, el('th', {}, key), el('td', {}, formatValue(object[key]))))));
}

function formatValue(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function tsdbView(data) {
  const parts = [];
  if (data.headStats) parts.push(el('h3', {}, 'Head'), keyValueTable(data.headStats));
  for (const [key, title] of [
    ['seriesCountByMetricName', 'Top metrics by series count'],
    ['labelValueCountByLabelName', 'Top label names by value count'],
    ['memoryInBytesByLabelName', 'Top label names by memory'],
    ['seriesCountByLabelValuePair', 'Top label pairs by series count'],
  ]) {
    const list = data[key] || [];
    if (list.length === 0) continue;
    parts.push(el('h3', {}, title), el('table', { class: 'key-value' }, el('tbody', {},
      list.map((entry) => el('tr', {}, el('th', {}, entry.name), el('td', {}, String(entry.value)))))));
  }
  return parts;
}

const SECTIONS = [
  ['Build information', 'api/v1/status/buildinfo', keyValueTable],
  ['Runtime information', 'api/v1/status/runtimeinfo', keyValueTable],
  ['TSDB status', 'api/v1/status/tsdb', tsdbView],
  ['Command-line flags', 'api/v1/status/flags', keyValueTable],
  ['Configuration', 'api/v1/status/config', (data) => el('pre', { class: 'config' }, data.yaml)],
];

async function load() {
  const placeholders = SECTIONS.map(([title, path]) => {
    const body = el('div', { class: 'section-body' }, 'Loading…');
    sections.append(el('section', { 'data-endpoint': path }, el('h2', {}, title), body));
    return body;
  });
  await Promise.all(SECTIONS.map(async ([, path, view], index) => {
    try {
      const answer = await api(path);
      placeholders[index].replaceChildren(...[view(answer.data)].flat());
    } catch (e) {
      placeholders[index].replaceChildren(el('div', { class: 'error' }, e.message));
    }
  }));
}

load();
