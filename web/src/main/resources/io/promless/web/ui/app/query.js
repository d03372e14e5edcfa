// The query page: one expression, shown as a table (instant query) or a graph (range query).
// Its whole state lives in the URL (g0.expr, g0.tab, ...), so a link reproduces the view.
import {
  api, ApiError, el, formatDuration, formatMetric, fromInputTime, metricNodes, parseDuration,
  showError, toInputTime,
} from './common.js';
import { AGGREGATIONS, FUNCTIONS, KEYWORDS, tokenize, wordBefore } from './promql.js';

const MAX_TABLE_ROWS = 10000;
const MAX_POINTS_PER_SERIES = 11000;
const RANGE_STEPS = ['1m', '5m', '15m', '30m', '1h', '2h', '6h', '12h', '1d', '2d', '1w', '2w', '4w', '8w', '26w', '52w'];
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

const $ = (id) => document.getElementById(id);
const editor = {
  input: $('expr'), highlight: $('highlight'), suggestions: $('suggestions'),
};
const completions = { metrics: [], labels: [], words: [...AGGREGATIONS, ...FUNCTIONS, ...KEYWORDS] };
let state = readState();
let running = null;
let chart = null;

// ---------------------------------------------------------------- state and URL

function readState() {
  const params = new URLSearchParams(window.location.search);
  const tab = params.get('g0.tab');
  return {
    expr: params.get('g0.expr') || '',
    tab: tab === 'graph' || tab === '0' ? 'graph' : 'table',
    range: params.get('g0.range_input') || '1h',
    end: urlTime(params.get('g0.end_input')),
    moment: urlTime(params.get('g0.moment_input')),
    step: params.get('g0.step_input') || '',
    stacked: params.get('g0.stacked') === '1',
  };
}

function urlTime(value) {
  if (!value) return null;
  return fromInputTime(value.replace(' ', 'T'));
}

function writeState() {
  const params = new URLSearchParams();
  params.set('g0.expr', state.expr);
  params.set('g0.tab', state.tab);
  params.set('g0.range_input', state.range);
  if (state.end !== null) params.set('g0.end_input', toInputTime(state.end).replace('T', ' '));
  if (state.moment !== null) params.set('g0.moment_input', toInputTime(state.moment).replace('T', ' '));
  if (state.step) params.set('g0.step_input', state.step);
  if (state.stacked) params.set('g0.stacked', '1');
  window.history.replaceState(null, '', '?' + params.toString());
}

function showState() {
  editor.input.value = state.expr;
  $('range').value = state.range;
  $('end').value = state.end === null ? '' : toInputTime(state.end);
  $('moment').value = state.moment === null ? '' : toInputTime(state.moment);
  $('step').value = state.step;
  $('stacked').checked = state.stacked;
  for (const tab of ['table', 'graph']) {
    $(`tab-${tab}`).setAttribute('aria-selected', String(state.tab === tab));
    $(`${tab}-view`).hidden = state.tab !== tab;
  }
  renderHighlight();
}

// ---------------------------------------------------------------- the editor

function renderHighlight() {
  const spans = tokenize(editor.input.value).map((token) =>
    token.type === 'space' ? token.text : el('span', { class: `tok-${token.type}` }, token.text));
  // A trailing newline needs a character after it or the overlay is one line short.
  editor.highlight.replaceChildren(...spans, '\n');
  editor.input.rows = Math.max(1, editor.input.value.split('\n').length);
  editor.highlight.scrollLeft = editor.input.scrollLeft;
}

let suggestionIndex = -1;

function updateSuggestions() {
  const cursor = editor.input.selectionStart;
  const { word, inLabelPosition } = wordBefore(editor.input.value, cursor);
  if (!word || editor.input.selectionEnd !== cursor) {
    closeSuggestions();
    return;
  }
  const pool = inLabelPosition ? completions.labels : [...completions.metrics, ...completions.words];
  const lower = word.toLowerCase();
  const prefixed = pool.filter((candidate) => candidate.toLowerCase().startsWith(lower));
  const contained = pool.filter((candidate) => !candidate.toLowerCase().startsWith(lower) && candidate.toLowerCase().includes(lower));
  const matches = [...new Set([...prefixed, ...contained])].filter((candidate) => candidate !== word).slice(0, 20);
  if (matches.length === 0) {
    closeSuggestions();
    return;
  }
  suggestionIndex = 0;
  editor.suggestions.replaceChildren(...matches.map((candidate, index) => el('li', {
    role: 'option',
    'data-value': candidate,
    class: kindOf(candidate, inLabelPosition),
    onmousedown: (event) => { event.preventDefault(); accept(index); },
  }, candidate)));
  markSuggestion();
  editor.suggestions.hidden = false;
}

function kindOf(candidate, inLabelPosition) {
  if (inLabelPosition) return 'kind-label';
  if (FUNCTIONS.includes(candidate)) return 'kind-function';
  if (AGGREGATIONS.includes(candidate)) return 'kind-aggregation';
  if (KEYWORDS.includes(candidate)) return 'kind-keyword';
  return 'kind-metric';
}

function markSuggestion() {
  [...editor.suggestions.children].forEach((item, index) => item.setAttribute('aria-selected', String(index === suggestionIndex)));
}

function closeSuggestions() {
  editor.suggestions.hidden = true;
  suggestionIndex = -1;
}

function accept(index) {
  const item = editor.suggestions.children[index];
  if (!item) return;
  const cursor = editor.input.selectionStart;
  const text = editor.input.value;
  const { start } = wordBefore(text, cursor);
  const value = item.getAttribute('data-value');
  editor.input.value = text.slice(0, start) + value + text.slice(cursor);
  editor.input.selectionStart = editor.input.selectionEnd = start + value.length;
  closeSuggestions();
  renderHighlight();
}

function onEditorKey(event) {
  const open = !editor.suggestions.hidden;
  if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    const count = editor.suggestions.children.length;
    suggestionIndex = (suggestionIndex + (event.key === 'ArrowDown' ? 1 : count - 1)) % count;
    markSuggestion();
    event.preventDefault();
  } else if (open && (event.key === 'Tab' || (event.key === 'Enter' && !event.ctrlKey && !event.metaKey))) {
    accept(suggestionIndex);
    event.preventDefault();
  } else if (open && event.key === 'Escape') {
    closeSuggestions();
    event.preventDefault();
  } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey || !event.shiftKey)) {
    closeSuggestions();
    event.preventDefault();
    execute();
  }
}

async function loadCompletions() {
  try {
    const [metrics, labels] = await Promise.all([
      api('api/v1/label/__name__/values'),
      api('api/v1/labels'),
    ]);
    completions.metrics = metrics.data;
    completions.labels = labels.data.filter((name) => name !== '__name__');
    document.body.dataset.completions = String(completions.metrics.length);
  } catch (e) {
    // Completion is a convenience: queries still work without it.
    console.warn('cannot load completions', e);
  }
}

// ---------------------------------------------------------------- running queries

async function execute() {
  state.expr = editor.input.value;
  writeState();
  if (running) running.abort();
  const controller = new AbortController();
  running = controller;
  showError($('error'), '');
  showWarnings([]);
  if (!state.expr.trim()) {
    $('stats').textContent = '';
    $('results-body').replaceChildren();
    destroyChart();
    return;
  }
  $('stats').textContent = 'Loading…';
  const started = performance.now();
  try {
    if (state.tab === 'table') {
      const params = { query: state.expr };
      if (state.moment !== null) params.time = (state.moment / 1000).toFixed(3);
      const answer = await api('api/v1/query', params, { method: 'POST', signal: controller.signal });
      const loaded = performance.now() - started;
      const count = renderTable(answer.data);
      showStats(loaded, count);
      showWarnings([...(answer.warnings || []), ...(answer.infos || [])]);
    } else {
      const span = graphWindow();
      const answer = await api('api/v1/query_range', {
        query: state.expr,
        start: (span.start / 1000).toFixed(3),
        end: (span.end / 1000).toFixed(3),
        step: String(span.step / 1000),
      }, { method: 'POST', signal: controller.signal });
      const loaded = performance.now() - started;
      const count = await renderGraph(answer.data, span);
      showStats(loaded, count, span.step);
      showWarnings([...(answer.warnings || []), ...(answer.infos || [])]);
    }
  } catch (e) {
    if (e.name === 'AbortError') return;
    $('stats').textContent = '';
    $('results-body').replaceChildren();
    destroyChart();
    const message = e instanceof ApiError ? `Error executing query: ${e.message}` : `Error: ${e.message}`;
    showError($('error'), message);
  } finally {
    if (running === controller) running = null;
  }
}

/** The range query's window: the chosen end (or now), the range before it, and the step. */
function graphWindow() {
  const range = parseDuration(state.range) || 3600 * 1000;
  const end = state.end ?? Date.now();
  const chosen = parseDuration(state.step);
  // Prometheus's UI aims at about 250 points, never finer than 1 s; the API allows 11,000.
  const auto = Math.max(Math.floor(range / 250 / 1000), 1) * 1000;
  const step = Math.max(chosen || auto, Math.ceil(range / MAX_POINTS_PER_SERIES / 1000) * 1000);
  return { start: end - range, end, step };
}

function showStats(millis, series, step) {
  const parts = [`Load time: ${Math.round(millis)}ms`];
  if (step) parts.push(`Resolution: ${formatDuration(step)}`);
  parts.push(`Result series: ${series}`);
  $('stats').textContent = parts.join(' · ');
}

function showWarnings(messages) {
  const box = $('warnings');
  box.replaceChildren(...messages.map((message) => el('div', {}, message)));
  box.hidden = messages.length === 0;
}

// ---------------------------------------------------------------- table view

function renderTable(data) {
  const body = $('results-body');
  const rows = [];
  let count = 0;
  switch (data.resultType) {
    case 'vector':
      count = data.result.length;
      for (const sample of data.result.slice(0, MAX_TABLE_ROWS)) {
        const value = sample.histogram ? formatHistogram(sample.histogram[1]) : sample.value[1];
        rows.push(el('tr', {}, el('td', { class: 'series' }, metricNodes(sample.metric)), el('td', { class: 'value' }, value)));
      }
      break;
    case 'matrix':
      count = data.result.length;
      for (const series of data.result.slice(0, MAX_TABLE_ROWS)) {
        const lines = (series.values || []).map(([time, value]) => el('div', {}, `${value} @${time}`));
        (series.histograms || []).forEach(([time, histogram]) => lines.push(el('div', {}, `${formatHistogram(histogram)} @${time}`)));
        rows.push(el('tr', {}, el('td', { class: 'series' }, metricNodes(series.metric)), el('td', { class: 'value' }, lines)));
      }
      break;
    case 'scalar':
    case 'string':
      count = 1;
      rows.push(el('tr', {}, el('td', { class: 'series' }, data.resultType), el('td', { class: 'value' }, data.result[1])));
      break;
    default:
      rows.push(el('tr', {}, el('td', { colspan: 2 }, `Unknown result type ${data.resultType}`)));
  }
  if (count === 0 && rows.length === 0) {
    rows.push(el('tr', {}, el('td', { colspan: 2, class: 'empty' }, 'Empty query result')));
  }
  if (count > MAX_TABLE_ROWS) {
    rows.push(el('tr', {}, el('td', { colspan: 2, class: 'empty' }, `Showing ${MAX_TABLE_ROWS} of ${count} series`)));
  }
  body.replaceChildren(...rows);
  return count;
}

function formatHistogram(histogram) {
  return `{count: ${histogram.count}, sum: ${histogram.sum}}`;
}

// ---------------------------------------------------------------- graph view

let uPlotModule = null;

async function loadUPlot() {
  if (!uPlotModule) {
    const url = new URL(document.querySelector('meta[name="promless-uplot"]').content, document.baseURI);
    uPlotModule = (await import(url.href)).default;
  }
  return uPlotModule;
}

function destroyChart() {
  if (chart) {
    chart.destroy();
    chart = null;
  }
  const container = $('chart');
  container.replaceChildren();
  delete container.dataset.series;
  delete container.dataset.renderMs;
}

function sampleValue(text) {
  const value = text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Aligns every series on the query's step grid (null where a series has no point). */
function alignedData(result, span) {
  const points = Math.floor((span.end - span.start) / span.step) + 1;
  const times = new Float64Array(points);
  for (let i = 0; i < points; i++) times[i] = (span.start + i * span.step) / 1000;
  const columns = result.map((series) => {
    const column = new Array(points).fill(null);
    for (const [time, value] of series.values || []) {
      const index = Math.round((time * 1000 - span.start) / span.step);
      if (index >= 0 && index < points) column[index] = sampleValue(value);
    }
    return column;
  });
  if (state.stacked) {
    for (let s = 1; s < columns.length; s++) {
      for (let i = 0; i < points; i++) {
        if (columns[s][i] !== null) columns[s][i] += columns[s - 1][i] ?? 0;
      }
    }
  }
  return [times, ...columns];
}

async function renderGraph(data, span) {
  destroyChart();
  const container = $('chart');
  if (data.resultType !== 'matrix') {
    container.append(el('p', { class: 'empty' }, `The graph shows range vectors; this expression returns a ${data.resultType}. Use the table.`));
    return data.resultType === 'scalar' || data.resultType === 'string' ? 1 : data.result.length;
  }
  if (data.result.length === 0) {
    container.append(el('p', { class: 'empty' }, 'Empty query result'));
    container.dataset.series = '0';
    return 0;
  }
  const uPlot = await loadUPlot();
  const started = performance.now();
  let drawn = started;
  const options = {
    width: Math.max(container.clientWidth, 400),
    height: 400,
    series: [
      { label: 'Time (UTC)' },
      ...data.result.map((series, index) => ({
        label: formatMetric(series.metric),
        stroke: COLOURS[index % COLOURS.length],
        fill: state.stacked ? COLOURS[index % COLOURS.length] + '40' : undefined,
        width: 1,
        points: { show: false },
        spanGaps: false,
      })),
    ],
    scales: { x: { time: true } },
    legend: { live: true },
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    hooks: { draw: [() => { drawn = performance.now(); }] },
  };
  chart = new uPlot(options, alignedData(data.result, span), container);
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  container.dataset.series = String(data.result.length);
  container.dataset.renderMs = (drawn - started).toFixed(1);
  return data.result.length;
}

// ---------------------------------------------------------------- wiring

function setTab(tab) {
  if (state.tab === tab) return;
  state.tab = tab;
  showState();
  execute();
}

function stepRange(direction) {
  const current = parseDuration(state.range) || 3600 * 1000;
  const sorted = RANGE_STEPS.map((text) => [text, parseDuration(text)]);
  const next = direction > 0
    ? sorted.find(([, millis]) => millis > current)
    : [...sorted].reverse().find(([, millis]) => millis < current);
  if (next) {
    state.range = next[0];
    showState();
    execute();
  }
}

editor.input.addEventListener('input', () => { renderHighlight(); updateSuggestions(); });
editor.input.addEventListener('scroll', () => { editor.highlight.scrollTop = editor.input.scrollTop; editor.highlight.scrollLeft = editor.input.scrollLeft; });
editor.input.addEventListener('keydown', onEditorKey);
editor.input.addEventListener('blur', () => setTimeout(closeSuggestions, 100));
$('execute').addEventListener('click', execute);
$('tab-table').addEventListener('click', () => setTab('table'));
$('tab-graph').addEventListener('click', () => setTab('graph'));
$('range-shorter').addEventListener('click', () => stepRange(-1));
$('range-longer').addEventListener('click', () => stepRange(1));
$('range').addEventListener('change', () => {
  if (parseDuration($('range').value) !== null) state.range = $('range').value.trim();
  showState();
  execute();
});
$('end').addEventListener('change', () => { state.end = fromInputTime($('end').value); execute(); });
$('end-now').addEventListener('click', () => { state.end = null; showState(); execute(); });
$('moment').addEventListener('change', () => { state.moment = fromInputTime($('moment').value); execute(); });
$('moment-now').addEventListener('click', () => { state.moment = null; showState(); execute(); });
$('step').addEventListener('change', () => {
  const text = $('step').value.trim();
  state.step = text === '' || parseDuration(text) !== null ? text : state.step;
  showState();
  execute();
});
$('stacked').addEventListener('change', () => { state.stacked = $('stacked').checked; execute(); });

showState();
loadCompletions();
if (state.expr.trim()) execute();
