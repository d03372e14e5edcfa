package io.promless.promql.ast;

/** PromQL's binary operators with their precedence (higher binds tighter). */
public enum BinaryOperator {
    POW("^", 6),
    MUL("*", 5),
    DIV("/", 5),
    MOD("%", 5),
    ATAN2("atan2", 5),
    ADD("+", 4),
    SUB("-", 4),
    EQL("==", 3),
    NEQ("!=", 3),
    GTR(">", 3),
    LSS("<", 3),
    GTE(">=", 3),
    LTE("<=", 3),
    AND("and", 2),
    UNLESS("unless", 2),
    OR("or", 1);

    private final String text;
    private final int precedence;

    BinaryOperator(String text, int precedence) {
        this.text = text;
        this.precedence = precedence;
    }

    public String text() {
        return text;
    }

    public int precedence() {
        return precedence;
    }

    public boolean isComparison() {
        return precedence == 3;
    }

    public boolean isSetOperator() {
        return this == AND || this == OR || this == UNLESS;
    }

    public boolean isRightAssociative() {
        return this == POW;
    }
}
