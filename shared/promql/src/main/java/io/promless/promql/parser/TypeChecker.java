package io.promless.promql.parser;

import io.promless.promql.ast.Aggregation;
import io.promless.promql.ast.BinaryExpr;
import io.promless.promql.ast.Call;
import io.promless.promql.ast.Expr;
import io.promless.promql.ast.FunctionDefinition;
import io.promless.promql.ast.MatrixSelector;
import io.promless.promql.ast.NumberLiteral;
import io.promless.promql.ast.ParenExpr;
import io.promless.promql.ast.StringLiteral;
import io.promless.promql.ast.Subquery;
import io.promless.promql.ast.UnaryExpr;
import io.promless.promql.ast.ValueType;
import io.promless.promql.ast.VectorMatching;
import io.promless.promql.ast.VectorSelector;
import java.util.List;

/**
 * Static types of expressions and the checks Prometheus runs on each node. Every check throws
 * an {@link IllegalArgumentException} with Prometheus's wording; the AST builder adds the position.
 */
public final class TypeChecker {
    private TypeChecker() {}

    public static ValueType typeOf(Expr expr) {
        return switch (expr) {
            case NumberLiteral ignored -> ValueType.SCALAR;
            case StringLiteral ignored -> ValueType.STRING;
            case VectorSelector ignored -> ValueType.VECTOR;
            case MatrixSelector ignored -> ValueType.MATRIX;
            case Subquery ignored -> ValueType.MATRIX;
            case UnaryExpr unary -> typeOf(unary.operand());
            case ParenExpr paren -> typeOf(paren.inner());
            case BinaryExpr binary -> typeOf(binary.left()) == ValueType.SCALAR && typeOf(binary.right()) == ValueType.SCALAR
                    ? ValueType.SCALAR
                    : ValueType.VECTOR;
            case Call call -> call.function().returnType();
            case Aggregation ignored -> ValueType.VECTOR;
        };
    }

    static void checkUnary(Expr operand) {
        ValueType type = typeOf(operand);
        if (type != ValueType.SCALAR && type != ValueType.VECTOR) {
            fail("unary expression only allowed on expressions of type scalar or instant vector, got \"" + type.description() + "\"");
        }
    }

    static void checkSubquery(Expr operand) {
        ValueType type = typeOf(operand);
        if (type != ValueType.VECTOR) {
            fail("subquery is only allowed on instant vector, got " + type.description() + " instead");
        }
    }

    /** Checks a binary node and returns it with the matching Prometheus normalizes to. */
    static BinaryExpr checkBinary(BinaryExpr binary) {
        ValueType left = typeOf(binary.left());
        ValueType right = typeOf(binary.right());
        VectorMatching matching = binary.matching();
        if (binary.returnBool() && !binary.operator().isComparison()) {
            fail("bool modifier can only be used on comparison operators");
        }
        if (binary.operator().isComparison() && !binary.returnBool() && left == ValueType.SCALAR && right == ValueType.SCALAR) {
            fail("comparisons between scalars must use BOOL modifier");
        }
        if (matching != null && matching.on()) {
            for (String label : matching.labels()) {
                if (matching.include().contains(label)) {
                    fail("label \"" + label + "\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        if ((left != ValueType.SCALAR && left != ValueType.VECTOR) || (right != ValueType.SCALAR && right != ValueType.VECTOR)) {
            fail("binary expression must contain only scalar and instant vector types");
        }
        if (left != ValueType.VECTOR || right != ValueType.VECTOR) {
            if (matching != null && (!matching.labels().isEmpty() || matching.on())) {
                fail("vector matching only allowed between instant vectors");
            }
            if (matching != null && matching.hasFill()) {
                fail("fill modifiers are only allowed between instant vectors");
            }
            matching = null;
        }
        if (binary.operator().isSetOperator()) {
            if (left == ValueType.SCALAR || right == ValueType.SCALAR) {
                fail("set operator \"" + binary.operator().text() + "\" not allowed in binary scalar expression");
            }
            if (matching != null) {
                if (matching.hasFill()) {
                    fail("fill modifiers are not allowed for set operator \"" + binary.operator().text() + "\"");
                }
                if (matching.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
                        || matching.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY) {
                    fail("no grouping allowed for \"" + binary.operator().text() + "\" operation");
                }
                matching = new VectorMatching(VectorMatching.Cardinality.MANY_TO_MANY, matching.labels(), matching.on(), List.of());
            }
        }
        return new BinaryExpr(binary.operator(), binary.left(), binary.right(), binary.returnBool(), matching);
    }

    static void checkCall(FunctionDefinition function, List<Expr> arguments) {
        int count = arguments.size();
        if (function.variadic() == 0 && count != function.argumentTypes().size()) {
            fail("expected " + function.argumentTypes().size() + " argument(s) in call to \"" + function.name() + "\", got " + count);
        }
        if (count < function.minArguments()) {
            fail("expected at least " + function.minArguments() + " argument(s) in call to \"" + function.name() + "\", got " + count);
        }
        if (count > function.maxArguments()) {
            fail("expected at most " + function.maxArguments() + " argument(s) in call to \"" + function.name() + "\", got " + count);
        }
        for (int i = 0; i < count; i++) {
            ValueType expected = function.argumentType(i);
            ValueType actual = typeOf(arguments.get(i));
            if (expected != actual) {
                fail("expected type " + expected.description() + " in call to function \"" + function.name() + "\", got " + actual.description());
            }
        }
    }

    static void checkAggregation(Aggregation aggregation) {
        ValueType type = typeOf(aggregation.expr());
        if (type != ValueType.VECTOR) {
            fail("expected type instant vector in aggregation expression, got " + type.description());
        }
        ValueType parameterType = aggregation.operator().parameterType();
        if (parameterType != null) {
            ValueType actual = typeOf(aggregation.parameter());
            if (actual != parameterType) {
                fail("expected type " + parameterType.description() + " in aggregation parameter, got " + actual.description());
            }
        }
    }

    private static void fail(String message) {
        throw new IllegalArgumentException(message);
    }
}
