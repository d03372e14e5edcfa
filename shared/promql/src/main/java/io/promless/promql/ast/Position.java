package io.promless.promql.ast;

/** Where a node starts in the query text: line and column, both 1-based (column in characters). */
public record Position(int line, int column) {
    @Override
    public String toString() {
        return line + ":" + column;
    }
}
