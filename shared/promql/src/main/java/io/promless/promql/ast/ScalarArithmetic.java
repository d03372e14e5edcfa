package io.promless.promql.ast;

/** Scalar semantics of the binary operators, with Go's float special cases. */
public final class ScalarArithmetic {
    private ScalarArithmetic() {}

    /** The arithmetic result, or for comparisons 1 (true) / 0 (false). */
    public static double apply(BinaryOperator operator, double left, double right) {
        return switch (operator) {
            case ADD -> left + right;
            case SUB -> left - right;
            case MUL -> left * right;
            case DIV -> left / right;
            case MOD -> left % right;
            case POW -> pow(left, right);
            case ATAN2 -> Math.atan2(left, right);
            case EQL -> left == right ? 1 : 0;
            case NEQ -> left != right ? 1 : 0;
            case GTR -> left > right ? 1 : 0;
            case LSS -> left < right ? 1 : 0;
            case GTE -> left >= right ? 1 : 0;
            case LTE -> left <= right ? 1 : 0;
            case AND, OR, UNLESS -> throw new IllegalStateException("set operator on scalars");
        };
    }

    /** Go's math.Pow differs from Java's for a base of 1 or -1 with NaN or infinite exponents. */
    public static double pow(double base, double exponent) {
        if (base == 1) {
            return 1;
        }
        if (base == -1 && Double.isInfinite(exponent)) {
            return 1;
        }
        return Math.pow(base, exponent);
    }
}
