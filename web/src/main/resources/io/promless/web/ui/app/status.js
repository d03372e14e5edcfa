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

/** Epoch milliseconds as a UTC time; numbers outside what a Date holds stay numbers. */
function utcTime(millis) {
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? String(millis) : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** 1234567 as "1.2 MiB". */
function bytes(count) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

function headView(head) {
  return keyValueTable({
    'Number of series': head.numSeries,
    'Number of chunks': head.chunkCount,
    'Number of label pairs': head.numLabelPairs,
    'Current min time': utcTime(head.minTime),
    'Current max time': utcTime(head.maxTime),
  });
}

/** Promless's blockStats (absent on servers without blocks). */
function blocksView(blocks) {
  const rows = { 'Number of blocks': blocks.blockCount, 'Size': bytes(blocks.bytes) };
  if (blocks.blockCount > 0) {
    rows['Min time'] = utcTime(blocks.minTime);
    rows['Max time'] = utcTime(blocks.maxTime);
  }
  rows['Series (summed over blocks)'] = blocks.numSeries;
  rows['Samples'] = blocks.numSamples;
  return el('div', { class: 'block-stats' }, keyValueTable(rows));
}

function tsdbView(data) {
  const parts = [];
  if (data.headStats) parts.push(el('h3', {}, 'Head'), headView(data.headStats));
  if (data.blockStats) parts.push(el('h3', {}, 'Blocks'), blocksView(data.blockStats));
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
