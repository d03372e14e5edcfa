package io.promless.promql.ast;

/** A number literal; a leading minus sign is folded into the value. */
public record NumberLiteral(double value) implements Expr {}
