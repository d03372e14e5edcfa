// Helpers every page shares. Pages build their DOM only through el(), which puts strings in as
// text nodes: label values and error messages from the server can never become markup.

/** Creates an element; attrs are set as attributes (on* handlers as listeners), strings become text. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An error the API answered with: its errorType and error message. */
export class ApiError extends Error {
  constructor(errorType, message, status) {
    super(message);
    this.errorType = errorType;
    this.status = status;
  }
}

/**
 * Calls an API endpoint (a path relative to the page, e.g. "api/v1/query"). POSTs a form when
 * a body is given. Resolves to the envelope {data, warnings, infos}; rejects with ApiError.
 */
export async function api(path, params = null, { method = 'GET', signal } = {}) {
  let url = path;
  const init = { method, signal, headers: { Accept: 'application/json' } };
  if (params && method === 'GET') {
    url += '?' + new URLSearchParams(params).toString();
  } else if (params) {
    init.body = new URLSearchParams(params);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('network', 'cannot reach the server: ' + e.message, 0);
  }
  const text = await response.text();
  let envelope;
  try {
    envelope = JSON.parse(text);
  } catch (e) {
    throw new ApiError('bad_response', `HTTP ${response.status}: ${text.trim() || response.statusText}`, response.status);
  }
  if (envelope.status !== 'success') {
    throw new ApiError(envelope.errorType || 'error', envelope.error || `HTTP ${response.status}`, response.status);
  }
  return envelope;
}

/** A metric's labels as PromQL writes them: name{a="b", c="d"}. */
export function formatMetric(metric) {
  const name = metric.__name__ || '';
  const pairs = Object.keys(metric)
    .filter((key) => key !== '__name__')
    .sort()
    .map((key) => `${key}=${JSON.stringify(metric[key])}`);
  return pairs.length === 0 && name ? name : `${name}{${pairs.join(', ')}}`;
}

/** The same as DOM nodes, with names and values styled apart. */
export function metricNodes(metric) {
  const name = metric.__name__ || '';
  const keys = Object.keys(metric).filter((key) => key !== '__name__').sort();
  const nodes = [el('span', { class: 'metric-name' }, name)];
  if (keys.length === 0 && name) return nodes;
  nodes.push('{');
  keys.forEach((key, index) => {
    if (index > 0) nodes.push(', ');
    nodes.push(el('span', { class: 'label-name' }, key), '=',
      el('span', { class: 'label-value' }, JSON.stringify(metric[key])));
  });
  nodes.push('}');
  return nodes;
}

const DURATION_UNITS = [
  ['y', 365 * 24 * 3600 * 1000], ['w', 7 * 24 * 3600 * 1000], ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000], ['m', 60 * 1000], ['s', 1000], ['ms', 1],
];

/** Milliseconds of a Prometheus duration such as 1h30m or 15s; null when it is not one. */
export function parseDuration(text) {
  const trimmed = (text || '').trim();
  if (!/^(\d+(y|w|d|h|ms|m|s))+$/.test(trimmed)) return null;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+)(y|w|d|h|ms|m|s)/g)) {
    total += Number(match[1]) * DURATION_UNITS.find(([unit]) => unit === match[2])[1];
  }
  return total > 0 ? total : null;
}

/** A duration in milliseconds as Prometheus writes it, e.g. 1h30m. */
export function formatDuration(millis) {
  if (millis <= 0) return '0s';
  let rest = Math.round(millis);
  let text = '';
  for (const [unit, size] of DURATION_UNITS) {
    if (rest >= size) {
      text += Math.floor(rest / size) + unit;
      rest %= size;
    }
  }
  return text;
}

/** A UTC time for <input type="datetime-local"> (we show and read UTC, as Prometheus's UI does by default). */
export function toInputTime(millis) {
  return new Date(millis).toISOString().slice(0, 19);
}

/** Milliseconds of an <input type="datetime-local"> value read as UTC; null when empty or invalid. */
export function fromInputTime(value) {
  if (!value) return null;
  const millis = Date.parse(value.length === 16 ? value + ':00Z' : value + 'Z');
  return Number.isNaN(millis) ? null : millis;
}

/** "3.2s ago", "5m ago", for scrape times. */
export function ago(millis, now = Date.now()) {
  const seconds = (now - millis) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s ago`;
  return `${formatDuration(Math.round(seconds) * 1000)} ago`;
}

/** Shows or hides an error box with a message (text only). */
export function showError(box, message) {
  box.replaceChildren();
  if (message) box.append(message);
  box.hidden = !message;
}

/** A link to the query page showing an expression as a graph. */
export function queryLink(expression, text = expression) {
  const params = new URLSearchParams({ 'g0.expr': expression, 'g0.tab': 'graph' });
  return el('a', { href: 'query?' + params.toString(), class: 'expression-link' }, text);
}

/** Label pairs as badges. */
export function labelBadges(labels) {
  return Object.keys(labels || {}).sort().map((name) => el('span', { class: 'label-badge' }, `${name}="${labels[name]}"`));
}

/** A Go/RFC 3339 time as "2026-01-01 00:00:00 UTC (5m ago)"; "never" for Go's zero time. */
export function timeAndAgo(text, now = Date.now()) {
  const millis = Date.parse(text);
  if (Number.isNaN(millis) || millis <= 0) return 'never';
  return `${new Date(millis).toISOString().slice(0, 19).replace('T', ' ')} UTC (${ago(millis, now)})`;
}
