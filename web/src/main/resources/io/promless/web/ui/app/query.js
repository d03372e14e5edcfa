// The query page: panels of one expression each, shown as a table (instant query) or a graph
// (range query). The page's whole state lives in the URL (g0.expr, g0.tab, g1.expr, ... as
// Prometheus's UI names them), so a link reproduces the view.
import {
  api, ApiError, el, formatDuration, formatMetric, fromInputTime, metricNodes, parseDuration,
  showError, toInputTime,
} from './common.js';

// The expression editor (CodeMirror with Prometheus's PromQL language package) is one bundle
// built with the page; its path carries its digest, so browsers keep it until it changes.
const { createPromqlEditor } = await import(metaUrl('promless-editor'));
/** The API's base: the page's directory, so a stage prefix in front of the UI is kept. */
const SERVER_URL = new URL('.', document.baseURI).href.replace(/\/$/, '');

const MAX_TABLE_ROWS = 10000;
const MAX_POINTS_PER_SERIES = 11000;
const RANGE_STEPS = ['1m', '5m', '15m', '30m', '1h', '2h', '6h', '12h', '1d', '2d', '1w', '2w', '4w', '8w', '26w', '52w'];
const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

const panels = [];
let uPlotModule = null;

// ---------------------------------------------------------------- page state and URL

function readPanelStates() {
  const params = new URLSearchParams(window.location.search);
  const indexes = new Set();
  for (const key of params.keys()) {
    const match = /^g(\d+)\./.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  const states = [...indexes].sort((a, b) => a - b).map((index) => panelState(params, `g${index}.`));
  return states.length > 0 ? states : [panelState(new URLSearchParams(), 'g0.')];
}

function panelState(params, prefix) {
  const tab = params.get(prefix + 'tab');
  return {
    expr: params.get(prefix + 'expr') || '',
    tab: tab === 'graph' || tab === '0' ? 'graph' : 'table',
    range: params.get(prefix + 'range_input') || '1h',
    end: urlTime(params.get(prefix + 'end_input')),
    moment: urlTime(params.get(prefix + 'moment_input')),
    step: params.get(prefix + 'step_input') || '',
    stacked: params.get(prefix + 'stacked') === '1',
  };
}

function urlTime(value) {
  return value ? fromInputTime(value.replace(' ', 'T')) : null;
}

function writeUrl() {
  const params = new URLSearchParams();
  panels.forEach((panel, index) => {
    const prefix = `g${index}.`;
    const { state } = panel;
    params.set(prefix + 'expr', state.expr);
    params.set(prefix + 'tab', state.tab);
    params.set(prefix + 'range_input', state.range);
    if (state.end !== null) params.set(prefix + 'end_input', toInputTime(state.end).replace('T', ' '));
    if (state.moment !== null) params.set(prefix + 'moment_input', toInputTime(state.moment).replace('T', ' '));
    if (state.step) params.set(prefix + 'step_input', state.step);
    if (state.stacked) params.set(prefix + 'stacked', '1');
  });
  window.history.replaceState(null, '', '?' + params.toString());
}

/** The absolute URL a <meta name=...> of the page names. */
function metaUrl(name) {
  return new URL(document.querySelector(`meta[name="${name}"]`).content, document.baseURI).href;
}

async function loadUPlot() {
  if (!uPlotModule) {
    uPlotModule = (await import(metaUrl('promless-uplot'))).default;
  }
  return uPlotModule;
}

/** The character offset of a "line:column: parse error" in an API error message, or null. */
export function errorOffset(message, text) {
  const match = /(\d+):(\d+): parse error/.exec(message);
  if (!match) return null;
  const lines = text.split('\n');
  const line = Number(match[1]) - 1;
  if (line < 0 || line >= lines.length) return null;
  let offset = 0;
  for (let i = 0; i < line; i++) offset += lines[i].length + 1;
  return offset + Math.max(0, Math.min(Number(match[2]) - 1, lines[line].length));
}

// ---------------------------------------------------------------- one panel

class Panel {
  constructor(state) {
    this.state = state;
    this.root = document.getElementById('panel-template').content.firstElementChild.cloneNode(true);
    this.running = null;
    this.chart = null;
    this.editor = createPromqlEditor({
      parent: this.part('editor'),
      doc: state.expr,
      serverUrl: SERVER_URL,
      onExecute: () => this.execute(),
    });
    this.wire();
    this.show();
  }

  part(name) {
    return this.root.querySelector('.' + name);
  }

  // ------------------------------------------------ display of the state

  show() {
    const { state } = this;
    this.part('range').value = state.range;
    this.part('end').value = state.end === null ? '' : toInputTime(state.end);
    this.part('moment').value = state.moment === null ? '' : toInputTime(state.moment);
    this.part('step').value = state.step;
    this.part('stacked').checked = state.stacked;
    for (const tab of this.root.querySelectorAll('.tab')) tab.setAttribute('aria-selected', String(tab.dataset.tab === state.tab));
    this.part('table-view').hidden = state.tab !== 'table';
    this.part('graph-view').hidden = state.tab !== 'graph';
  }

  // ------------------------------------------------ running queries

  async execute() {
    const { state } = this;
    state.expr = this.editor.value();
    writeUrl();
    if (this.running) this.running.abort();
    const controller = new AbortController();
    this.running = controller;
    showError(this.part('error'), '');
    delete this.part('error').dataset.offset;
    this.editor.clearError();
    this.showWarnings([]);
    if (!state.expr.trim()) {
      this.part('stats').textContent = '';
      this.part('results-body').replaceChildren();
      this.destroyChart();
      return;
    }
    this.part('stats').textContent = 'Loading…';
    // The chart shown is not this query's until it is drawn again (tests wait for the mark).
    delete this.part('chart').dataset.renderMs;
    const started = performance.now();
    try {
      if (state.tab === 'table') {
        const params = { query: state.expr };
        if (state.moment !== null) params.time = (state.moment / 1000).toFixed(3);
        const answer = await api('api/v1/query', params, { method: 'POST', signal: controller.signal });
        const loaded = performance.now() - started;
        const count = this.renderTable(answer.data);
        this.showStats(loaded, count);
        this.showWarnings([...(answer.warnings || []), ...(answer.infos || [])]);
      } else {
        const span = this.graphWindow();
        const answer = await api('api/v1/query_range', {
          query: state.expr,
          start: (span.start / 1000).toFixed(3),
          end: (span.end / 1000).toFixed(3),
          step: String(span.step / 1000),
        }, { method: 'POST', signal: controller.signal });
        const loaded = performance.now() - started;
        const count = await this.renderGraph(answer.data, span);
        this.showStats(loaded, count, span.step);
        this.showWarnings([...(answer.warnings || []), ...(answer.infos || [])]);
      }
    } catch (e) {
      if (e.name === 'AbortError') return;
      this.part('stats').textContent = '';
      this.part('results-body').replaceChildren();
      this.destroyChart();
      const message = e instanceof ApiError ? `Error executing query: ${e.message}` : `Error: ${e.message}`;
      showError(this.part('error'), message);
      const offset = e instanceof ApiError ? errorOffset(e.message, state.expr) : null;
      if (offset !== null) {
        // The server parser's position, marked in the expression as a lint error.
        this.part('error').dataset.offset = String(offset);
        this.editor.markError(offset, e.message);
      }
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  /** The range query's window: the chosen end (or now), the range before it, and the step. */
  graphWindow() {
    const range = parseDuration(this.state.range) || 3600 * 1000;
    const end = this.state.end ?? Date.now();
    const chosen = parseDuration(this.state.step);
    // Prometheus's UI aims at about 250 points, never finer than 1 s; the API allows 11,000.
    const auto = Math.max(Math.floor(range / 250 / 1000), 1) * 1000;
    const step = Math.max(chosen || auto, Math.ceil(range / MAX_POINTS_PER_SERIES / 1000) * 1000);
    return { start: end - range, end, step };
  }

  showStats(millis, series, step) {
    const parts = [`Load time: ${Math.round(millis)}ms`];
    if (step) parts.push(`Resolution: ${formatDuration(step)}`);
    parts.push(`Result series: ${series}`);
    this.part('stats').textContent = parts.join(' · ');
  }

  showWarnings(messages) {
    const box = this.part('warnings');
    box.replaceChildren(...messages.map((message) => el('div', {}, message)));
    box.hidden = messages.length === 0;
  }

  // ------------------------------------------------ table view

  renderTable(data) {
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
    this.part('results-body').replaceChildren(...rows);
    return count;
  }

  // ------------------------------------------------ graph view

  destroyChart() {
    if (this.chart) {
      this.chart.destroy();
      this.chart = null;
    }
    const container = this.part('chart');
    container.replaceChildren();
    delete container.dataset.series;
    delete container.dataset.renderMs;
    delete container.dataset.alignMs;
  }

  async renderGraph(data, span) {
    this.destroyChart();
    const container = this.part('chart');
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
    const stacked = this.state.stacked;
    const options = {
      width: Math.max(container.clientWidth, 400),
      height: 400,
      series: [
        { label: 'Time (UTC)' },
        ...data.result.map((series, index) => ({
          label: formatMetric(series.metric),
          stroke: COLOURS[index % COLOURS.length],
          fill: stacked ? COLOURS[index % COLOURS.length] + '40' : undefined,
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
    const aligned = alignedData(data.result, span, stacked);
    const alignedAt = performance.now();
    this.chart = new uPlot(options, aligned, container);
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    container.dataset.series = String(data.result.length);
    container.dataset.renderMs = (drawn - started).toFixed(1);
    container.dataset.alignMs = (alignedAt - started).toFixed(1);
    return data.result.length;
  }

  // ------------------------------------------------ controls

  setTab(tab) {
    if (this.state.tab === tab) return;
    this.state.tab = tab;
    this.show();
    this.execute();
  }

  stepRange(direction) {
    const current = parseDuration(this.state.range) || 3600 * 1000;
    const sorted = RANGE_STEPS.map((text) => [text, parseDuration(text)]);
    const next = direction > 0
      ? sorted.find(([, millis]) => millis > current)
      : [...sorted].reverse().find(([, millis]) => millis < current);
    if (next) {
      this.state.range = next[0];
      this.show();
      this.execute();
    }
  }

  /** Applies a control's change to the state, then shows and runs it. */
  change(apply) {
    apply(this.state);
    this.show();
    this.execute();
  }

  wire() {
    const on = (name, event, handler) => this.part(name).addEventListener(event, handler);
    on('execute', 'click', () => this.execute());
    this.root.querySelectorAll('.tab').forEach((tab) => tab.addEventListener('click', () => this.setTab(tab.dataset.tab)));
    on('range-shorter', 'click', () => this.stepRange(-1));
    on('range-longer', 'click', () => this.stepRange(1));
    on('range', 'change', () => this.change((state) => {
      if (parseDuration(this.part('range').value) !== null) state.range = this.part('range').value.trim();
    }));
    on('end', 'change', () => this.change((state) => { state.end = fromInputTime(this.part('end').value); }));
    on('end-now', 'click', () => this.change((state) => { state.end = null; }));
    on('moment', 'change', () => this.change((state) => { state.moment = fromInputTime(this.part('moment').value); }));
    on('moment-now', 'click', () => this.change((state) => { state.moment = null; }));
    on('step', 'change', () => this.change((state) => {
      const text = this.part('step').value.trim();
      if (text === '' || parseDuration(text) !== null) state.step = text;
    }));
    on('stacked', 'change', () => this.change((state) => { state.stacked = this.part('stacked').checked; }));
    on('remove', 'click', () => removePanel(this));
  }
}

function formatHistogram(histogram) {
  return `{count: ${histogram.count}, sum: ${histogram.sum}}`;
}

function sampleValue(text) {
  const value = +text; // "+Inf", "-Inf" and "NaN" parse too
  return value === value && value !== Infinity && value !== -Infinity ? value : null;
}

/**
 * Aligns every series on the query's step grid. A series with a finite value at every step
 * becomes a Float64Array (the common case, and the fastest for uPlot); one with gaps an array
 * holding null where it has no point.
 */
function alignedData(result, span, stacked) {
  const points = Math.floor((span.end - span.start) / span.step) + 1;
  const times = new Float64Array(points);
  for (let i = 0; i < points; i++) times[i] = (span.start + i * span.step) / 1000;
  const columns = result.map((series) => alignedColumn(series.values || [], points, span));
  if (stacked) {
    for (let s = 1; s < columns.length; s++) {
      const below = columns[s - 1];
      const column = columns[s];
      for (let i = 0; i < points; i++) {
        if (column[i] !== null) column[i] += below[i] ?? 0;
      }
    }
  }
  return [times, ...columns];
}

function alignedColumn(values, points, span) {
  const dense = new Float64Array(points);
  let complete = values.length === points;
  for (let j = 0; complete && j < points; j++) {
    const [time, text] = values[j];
    const value = sampleValue(text);
    // Range query points sit exactly on the grid: start + j * step.
    if (value === null || Math.round(time * 1000) !== span.start + j * span.step) complete = false;
    else dense[j] = value;
  }
  if (complete) return dense;
  const column = new Array(points).fill(null);
  for (const [time, text] of values) {
    const index = Math.round((time * 1000 - span.start) / span.step);
    if (index >= 0 && index < points) column[index] = sampleValue(text);
  }
  return column;
}

// ---------------------------------------------------------------- the page

function addPanel(state) {
  const panel = new Panel(state);
  panels.push(panel);
  document.getElementById('panels').append(panel.root);
  updateRemoveButtons();
  return panel;
}

function removePanel(panel) {
  if (panels.length === 1) return;
  if (panel.running) panel.running.abort();
  panel.destroyChart();
  panels.splice(panels.indexOf(panel), 1);
  panel.root.remove();
  updateRemoveButtons();
  writeUrl();
}

function updateRemoveButtons() {
  panels.forEach((panel) => { panel.part('remove').hidden = panels.length === 1; });
}

document.getElementById('add-panel').addEventListener('click', () => {
  const panel = addPanel(panelState(new URLSearchParams(), 'g0.'));
  writeUrl();
  panel.editor.focus();
});

for (const state of readPanelStates()) {
  const panel = addPanel(state);
  if (state.expr.trim()) panel.execute();
}
