package io.promless.promql.parser;

import static java.util.Objects.requireNonNull;

import io.promless.promql.ast.Expr;
import io.promless.promql.ast.Position;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A parsed query with the start position of each node, kept beside the AST (keyed by node
 * identity) so AST equality stays structural; used to place annotations like Prometheus does.
 */
public record ParsedQuery(Expr expr, Map<Expr, Position> positions) {
    public ParsedQuery {
        requireNonNull(expr, "expr is null");
        positions = Collections.unmodifiableMap(new IdentityHashMap<>(positions));
    }

    /** The node's position, or null for nodes the parser did not create. */
    public Position positionOf(Expr node) {
        return positions.get(node);
    }
}
