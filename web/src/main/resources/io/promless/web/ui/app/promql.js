// A small PromQL tokenizer for highlighting the expression and for knowing which word the cursor
// is on when completing. It only colours text: the server's parser decides what is valid.

export const AGGREGATIONS = [
  'avg', 'bottomk', 'count', 'count_values', 'group', 'limit_ratio', 'limitk', 'max', 'min',
  'quantile', 'stddev', 'stdvar', 'sum', 'topk',
];

export const FUNCTIONS = [
  'abs', 'absent', 'absent_over_time', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh',
  'avg_over_time', 'ceil', 'changes', 'clamp', 'clamp_max', 'clamp_min', 'cos', 'cosh',
  'count_over_time', 'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'deg',
  'delta', 'deriv', 'double_exponential_smoothing', 'exp', 'floor', 'histogram_avg',
  'histogram_count', 'histogram_fraction', 'histogram_quantile', 'histogram_stddev',
  'histogram_stdvar', 'histogram_sum', 'hour', 'idelta', 'increase', 'info', 'irate',
  'label_join', 'label_replace', 'last_over_time', 'ln', 'log10', 'log2', 'mad_over_time',
  'max_over_time', 'min_over_time', 'minute', 'month', 'pi', 'predict_linear',
  'present_over_time', 'quantile_over_time', 'rad', 'rate', 'resets', 'round', 'scalar',
  'sgn', 'sin', 'sinh', 'sort', 'sort_by_label', 'sort_by_label_desc', 'sort_desc', 'sqrt',
  'stddev_over_time', 'stdvar_over_time', 'sum_over_time', 'tan', 'tanh', 'time',
  'timestamp', 'vector', 'year',
];

export const KEYWORDS = [
  'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right',
  'bool', 'offset', 'start', 'end', 'atan2',
];

const KEYWORD_SET = new Set(KEYWORDS);
const AGGREGATION_SET = new Set(AGGREGATIONS);
const FUNCTION_SET = new Set(FUNCTIONS);

const PATTERNS = [
  ['comment', /#[^\n]*/y],
  ['string', /"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|`[^`]*`?/y],
  ['duration', /\d+(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*(?![\w.])/y],
  ['number', /0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y],
  ['identifier', /[a-zA-Z_:][a-zA-Z0-9_:]*/y],
  ['operator', /==|!=|>=|<=|=~|!~|[-+*/%^<>=]|@/y],
  ['bracket', /[(){}[\]]/y],
  ['punctuation', /,/y],
  ['space', /\s+/y],
];

/**
 * Splits an expression into tokens {type, text, start}: comment, string, duration, number,
 * keyword, aggregation, function, label (a name inside braces or a grouping list), metric,
 * operator, bracket, punctuation, space or other. Never fails: unknown characters become "other".
 */
export function tokenize(text) {
  const tokens = [];
  let position = 0;
  let braceDepth = 0;
  let groupingParen = false; // inside by(...) / without(...) / on(...) / ignoring(...)
  while (position < text.length) {
    let matched = null;
    for (const [type, pattern] of PATTERNS) {
      pattern.lastIndex = position;
      const match = pattern.exec(text);
      if (match && match[0].length > 0) {
        matched = { type, text: match[0], start: position };
        break;
      }
    }
    if (!matched) matched = { type: 'other', text: text[position], start: position };
    if (matched.type === 'identifier') {
      matched.type = classify(matched.text, text, position + matched.text.length, braceDepth > 0 || groupingParen);
    } else if (matched.type === 'bracket') {
      if (matched.text === '{') braceDepth++;
      if (matched.text === '}') braceDepth = Math.max(0, braceDepth - 1);
      if (matched.text === '(' && previousWord(tokens).match(/^(by|without|on|ignoring|group_left|group_right)$/)) groupingParen = true;
      if (matched.text === ')') groupingParen = false;
    }
    tokens.push(matched);
    position += matched.text.length;
  }
  return tokens;
}

function previousWord(tokens) {
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i].type !== 'space') return tokens[i].text;
  }
  return '';
}

function classify(word, text, end, inLabelPosition) {
  if (inLabelPosition) return 'label';
  const followedByParen = /^\s*\(/.test(text.slice(end));
  if (KEYWORD_SET.has(word)) return 'keyword';
  // Aggregations may put their grouping first: sum by (job) (...).
  if (AGGREGATION_SET.has(word) && (followedByParen || /^\s*(by|without)\s*\(/.test(text.slice(end)))) return 'aggregation';
  if (followedByParen && FUNCTION_SET.has(word)) return 'function';
  if (/^(inf|nan)$/i.test(word)) return 'number';
  return 'metric';
}

/** The identifier the cursor ends, as {start, word, inLabelPosition}; word is "" when none. */
export function wordBefore(text, cursor) {
  let start = cursor;
  while (start > 0 && /[a-zA-Z0-9_:]/.test(text[start - 1])) start--;
  const word = text.slice(start, cursor);
  if (/^[0-9]/.test(word)) return { start: cursor, word: '', inLabelPosition: false };
  const tokens = tokenize(text.slice(0, cursor) + ' ');
  const last = tokens.filter((token) => token.start < cursor && token.type !== 'space').pop();
  const inString = last && last.type === 'string' && last.start + last.text.length >= cursor && !/^(["'`]).*\1$/s.test(last.text);
  const inLabelPosition = Boolean(last && last.type === 'label');
  return { start, word: inString ? '' : word, inLabelPosition };
}

/**
 * When the cursor is inside the quoted value of a label matcher (up{job="ap|), the label, the
 * metric name before the braces (or "") and where the typed value starts; otherwise null.
 */
export function labelValueBefore(text, cursor) {
  const before = text.slice(0, cursor);
  const open = before.lastIndexOf('{');
  if (open < 0 || before.lastIndexOf('}') > open) return null;
  const match = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)$/.exec(before.slice(open + 1));
  if (!match) return null;
  const metric = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(before.slice(0, open));
  return { label: match[1], metric: metric ? metric[1] : '', start: cursor - match[2].length, typed: match[2] };
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
