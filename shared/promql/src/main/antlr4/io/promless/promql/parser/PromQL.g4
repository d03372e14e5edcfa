// PromQL as Prometheus 3 defines it. The parse tree is turned into the immutable AST by
// io.promless.promql.ast.AstBuilder; function and aggregation names are plain identifiers
// resolved there against the function table, never grammar tokens.
grammar PromQL;

@parser::members {
    private boolean isExtendedRangeModifier() {
        String text = _input.LT(1).getText();
        return text.equals("anchored") || text.equals("smoothed");
    }

    private boolean isFillModifier() {
        String text = _input.LT(1).getText();
        return _input.LT(2).getType() == LEFT_PAREN
                && (text.equals("fill") || text.equals("fill_left") || text.equals("fill_right"));
    }
}

query
    : expression EOF
    ;

// Alternatives are listed from the tightest to the loosest binding, as ANTLR expects.
// Unary minus binds like '*' (so -a^b is -(a^b)); '^' is right-associative.
expression
    : expression postfixModifier                                                # postfixExpression
    | <assoc=right> expression operator=POW binaryModifier expression           # binaryExpression
    | operator=(ADD | SUB) expression                                           # unaryExpression
    | expression operator=(MUL | DIV | MOD | ATAN2) binaryModifier expression   # binaryExpression
    | expression operator=(ADD | SUB) binaryModifier expression                 # binaryExpression
    | expression operator=(EQL | NEQ | GTR | LSS | GTE | LTE) binaryModifier expression # binaryExpression
    | expression operator=(AND | UNLESS) binaryModifier expression              # binaryExpression
    | expression operator=OR binaryModifier expression                          # binaryExpression
    | primary                                                                   # primaryExpression
    ;

postfixModifier
    : LEFT_BRACKET range=durationExpression RIGHT_BRACKET                                   # rangeModifier
    | LEFT_BRACKET range=durationExpression COLON step=durationExpression? RIGHT_BRACKET    # subqueryModifier
    | OFFSET sign=(ADD | SUB)? durationAtom                                                 # offsetModifier
    | AT sign=(ADD | SUB)? number                                                           # atTimestampModifier
    | AT IDENTIFIER LEFT_PAREN RIGHT_PAREN                                                  # atFunctionModifier
    | {isExtendedRangeModifier()}? IDENTIFIER                                               # extendedRangeModifier
    ;

// Durations are literals, numbers of seconds, or (experimental) arithmetic over them and the
// query-context functions step(), range(), min_of(), max_of(). After offset only a single atom
// is taken, so "x offset 1m + 2" adds 2 to the offset selector.
durationExpression
    : <assoc=right> durationExpression operator=POW durationExpression                 # binaryDuration
    | operator=(ADD | SUB) durationExpression                                           # unaryDuration
    | durationExpression operator=(MUL | DIV | MOD) durationExpression                  # binaryDuration
    | durationExpression operator=(ADD | SUB) durationExpression                        # binaryDuration
    | durationAtom                                                                      # atomDuration
    ;

durationAtom
    : DURATION                                                                          # literalDuration
    | NUMBER                                                                            # literalDuration
    | HEX_NUMBER                                                                        # literalDuration
    | LEFT_PAREN durationExpression RIGHT_PAREN                                         # parenthesizedDuration
    | IDENTIFIER LEFT_PAREN (durationExpression (COMMA durationExpression)*)? RIGHT_PAREN # callDuration
    ;

binaryModifier
    : BOOL? (matchingKind=(ON | IGNORING) matchingLabels=labelList (groupingKind=(GROUP_LEFT | GROUP_RIGHT) includeLabels=labelList?)?)? fillModifier*
    ;

// fill(v), fill_left(v), fill_right(v) (experimental): identifiers, so "fill" stays a valid metric name.
fillModifier
    : {isFillModifier()}? IDENTIFIER LEFT_PAREN sign=(ADD | SUB)? number RIGHT_PAREN
    ;

primary
    : number                                                             # numberLiteral
    | STRING                                                             # stringLiteral
    | LEFT_PAREN expression RIGHT_PAREN                                  # parenthesized
    | vectorSelector                                                     # selector
    | IDENTIFIER grouping LEFT_PAREN arguments? RIGHT_PAREN              # groupedAggregation
    | IDENTIFIER LEFT_PAREN arguments? RIGHT_PAREN grouping?             # call
    ;

number
    : NUMBER
    | HEX_NUMBER
    | INF
    | NAN
    | DURATION
    ;

arguments
    : expression (COMMA expression)* COMMA?
    ;

grouping
    : kind=(BY | WITHOUT) labelList
    ;

labelList
    : LEFT_PAREN (labelName (COMMA labelName)* COMMA?)? RIGHT_PAREN
    ;

vectorSelector
    : IDENTIFIER labelMatchers?
    | labelMatchers
    ;

labelMatchers
    : LEFT_BRACE (matcher (COMMA matcher)* COMMA?)? RIGHT_BRACE
    ;

matcher
    : labelName operator=(EQL_SINGLE | NEQ | EQL_REGEX | NEQ_REGEX) STRING   # labelMatcher
    | STRING                                                                 # quotedMetricName
    ;

labelName
    : IDENTIFIER
    | STRING
    | keyword
    ;

keyword
    : AND | OR | UNLESS | ATAN2 | BY | WITHOUT | ON | IGNORING | GROUP_LEFT | GROUP_RIGHT
    | OFFSET | BOOL | INF | NAN
    ;

// Keywords are case-insensitive, as in Prometheus.
AND         : A N D;
OR          : O R;
UNLESS      : U N L E S S;
ATAN2       : A T A N '2';
BY          : B Y;
WITHOUT     : W I T H O U T;
ON          : O N;
IGNORING    : I G N O R I N G;
GROUP_LEFT  : G R O U P '_' L E F T;
GROUP_RIGHT : G R O U P '_' R I G H T;
OFFSET      : O F F S E T;
BOOL        : B O O L;
INF         : I N F;
NAN         : N A N;

DURATION    : (DIGITS ('ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'y'))+;
HEX_NUMBER  : '0' [xX] [0-9a-fA-F_]+;
NUMBER
    : DIGITS ('.' DIGITS?)? EXPONENT?
    | '.' DIGITS EXPONENT?
    ;

STRING
    : '"' (ESCAPE | ~["\\\n])* '"'
    | '\'' (ESCAPE | ~['\\\n])* '\''
    | '`' ~'`'* '`'
    ;

// A leading colon is allowed in metric names, but ':' followed by a digit is a subquery step.
IDENTIFIER
    : [a-zA-Z_] [a-zA-Z0-9_:]*
    | ':' [a-zA-Z_:] [a-zA-Z0-9_:]*
    ;

LEFT_PAREN    : '(';
RIGHT_PAREN   : ')';
LEFT_BRACE    : '{';
RIGHT_BRACE   : '}';
LEFT_BRACKET  : '[';
RIGHT_BRACKET : ']';
COMMA         : ',';
COLON         : ':';
AT            : '@';
ADD           : '+';
SUB           : '-';
MUL           : '*';
DIV           : '/';
MOD           : '%';
POW           : '^';
EQL           : '==';
NEQ           : '!=';
GTE           : '>=';
LTE           : '<=';
GTR           : '>';
LSS           : '<';
EQL_SINGLE    : '=';
EQL_REGEX     : '=~';
NEQ_REGEX     : '!~';

COMMENT    : '#' ~[\r\n]* -> skip;
WHITESPACE : [ \t\r\n]+ -> skip;

// Any other character is a token of its own so the parser reports it with its position.
UNEXPECTED : .;

fragment DIGITS   : [0-9] [0-9_]*;
fragment EXPONENT : [eE] [+-]? DIGITS;
fragment ESCAPE   : '\\' .;
fragment A : [aA]; fragment B : [bB]; fragment D : [dD]; fragment E : [eE]; fragment F : [fF];
fragment G : [gG]; fragment H : [hH]; fragment I : [iI]; fragment L : [lL]; fragment N : [nN];
fragment O : [oO]; fragment P : [pP]; fragment R : [rR]; fragment S : [sS]; fragment T : [tT];
fragment U : [uU]; fragment W : [wW]; fragment Y : [yY];
