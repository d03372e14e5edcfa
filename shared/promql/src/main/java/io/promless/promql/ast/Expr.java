package io.promless.promql.ast;

/** A node of the PromQL syntax tree. Immutable; built only by the parser's AST builder. */
public sealed interface Expr
        permits NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, Subquery, UnaryExpr, BinaryExpr,
                ParenExpr, Call, Aggregation {}
