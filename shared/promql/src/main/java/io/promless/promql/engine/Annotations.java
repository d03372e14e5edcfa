package io.promless.promql.engine;

import io.promless.promql.ast.Expr;
import io.promless.promql.ast.Position;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Warnings and infos of one query, worded as Prometheus words them:
 * {@code PromQL warning: <message> (<line>:<column>)} where the position is that of the node
 * the annotation is about. Duplicates collapse. Single-threaded.
 */
final class Annotations {
    private final Map<Expr, Position> positions;
    private final Set<String> warnings = new LinkedHashSet<>();
    private final Set<String> infos = new LinkedHashSet<>();

    Annotations(Map<Expr, Position> positions) {
        this.positions = positions;
    }

    void warn(String message, Expr node) {
        warnings.add("PromQL warning: " + message + at(node));
    }

    /** A storage problem (e.g. an unreadable block), passed on as the storage words it. */
    void storageWarning(String message) {
        warnings.add(message);
    }

    void info(String message, Expr node) {
        infos.add("PromQL info: " + message + at(node));
    }

    private String at(Expr node) {
        Position position = node == null ? null : positions.get(node);
        return position == null ? "" : " (" + position + ")";
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    List<String> infos() {
        return List.copyOf(infos);
    }

    /** Go's %v of a float64: shortest digits, exponent form for very large or small magnitudes. */
    static String formatFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e21)) {
            String java = Double.toString(value);
            int e = java.indexOf('E');
            String mantissa = java.substring(0, e).replaceAll("\\.0$", "");
            int exponent = Integer.parseInt(java.substring(e + 1));
            return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        return FloatMath.formatPlain(value);
    }
}
