// The query page's expression editor: CodeMirror 6 with Prometheus's PromQL language package
// (@prometheus-io/codemirror-promql), which highlights, lints with its parser's positions and
// completes functions, keywords, metric names, label names and label values, the last three
// from this server's API. esbuild bundles this file and the packages into one ES module at
// build time (see web/pom.xml); the page loads it from assets/bundle/<digest>/promql-editor.js.
import {
  autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, insertNewlineAndIndent } from '@codemirror/commands';
import {
  bracketMatching, defaultHighlightStyle, HighlightStyle, syntaxHighlighting,
} from '@codemirror/language';
import { lintKeymap, setDiagnostics } from '@codemirror/lint';
import { EditorState, Prec } from '@codemirror/state';
import { EditorView, highlightSpecialChars, keymap, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';

/** Token colours (metric, function, aggregation, modifier, label, string, number...); CodeMirror's defaults for anything else. */
const promqlHighlight = HighlightStyle.define([
  { tag: tags.variableName, color: '#0b4f9c' },
  { tag: tags.function(tags.variableName), color: '#008080' },
  { tag: tags.operatorKeyword, color: '#a1128a', fontWeight: '600' },
  { tag: [tags.modifier, tags.logicOperator], color: '#c0392b' },
  { tag: tags.labelName, color: '#800000' },
  { tag: tags.string, color: '#a31515' },
  { tag: tags.number, color: '#09885a' },
  { tag: tags.operator, color: '#777777' },
  { tag: tags.comment, color: '#888888', fontStyle: 'italic' },
  { tag: tags.invalid, color: '#d73a49' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '14px', border: '1px solid #d9dde3', borderRadius: '4px', background: '#fff' },
  '&.cm-focused': { outline: '1px solid #e6522c' },
  '.cm-content': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace', padding: '6px 0' },
  '.cm-scroller': { fontFamily: 'inherit' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', maxHeight: '20em' },
});

/**
 * Creates an editor in `parent`.
 *
 * @param {object} options
 * @param {HTMLElement} options.parent where the editor goes
 * @param {string} options.doc the initial expression
 * @param {string} options.serverUrl the API's base URL (the part before /api/v1), no trailing slash
 * @param {() => void} options.onExecute called on Enter (Shift+Enter inserts a newline)
 * @param {() => void} [options.onChange] called after the text changed
 * @returns an object with value(), focus(), markError(offset, message), clearError() and view
 */
export function createPromqlEditor({ parent, doc, serverUrl, onExecute, onChange = () => {} }) {
  const promql = new PromQLExtension().setComplete({
    remote: {
      url: serverUrl,
      // Completion is a convenience: an unreachable API must not break typing.
      httpErrorHandler: (error) => console.warn('completion request failed', error),
    },
  });
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        // Enter runs the query unless the completion list is open (its keymap has higher precedence).
        Prec.high(keymap.of([
          { key: 'Enter', run: () => { onExecute(); return true; } },
          { key: 'Shift-Enter', run: insertNewlineAndIndent },
        ])),
        history(),
        highlightSpecialChars(),
        bracketMatching(),
        closeBrackets(),
        autocompletion({ icons: true, activateOnTyping: true }),
        syntaxHighlighting(promqlHighlight),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
        placeholder('Expression (press Enter to execute, Shift+Enter for a new line)'),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': 'PromQL expression' }),
        theme,
        promql.asExtension(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange();
        }),
      ],
    }),
  });
  return {
    view,
    value: () => view.state.doc.toString(),
    focus: () => view.focus(),
    /** Marks the server parser's error position (a character offset) until the next edit. */
    markError(offset, message) {
      const length = view.state.doc.length;
      // An error past the end (a missing bracket) marks the last character, which shows better than a point.
      const from = Math.max(0, Math.min(offset, length - 1));
      const to = Math.min(from + 1, length);
      view.dispatch(setDiagnostics(view.state, [{ from, to, severity: 'error', message, source: 'server' }]));
    },
    clearError() {
      view.dispatch(setDiagnostics(view.state, []));
    },
  };
}
