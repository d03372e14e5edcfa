package io.promless.rules.template;

import static java.util.Objects.requireNonNull;

import io.promless.rules.template.TemplateLexer.Kind;
import io.promless.rules.template.TemplateLexer.Piece;
import io.promless.rules.template.TemplateLexer.Token;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed template in the subset of Go's text/template that Prometheus users write: text,
 * {@code {{ pipeline }}} output with {@code |} chaining, variables ({@code $x := ...},
 * {@code $x = ...}), fields ({@code .Labels.job}, {@code $labels.job}), literals, function calls,
 * and {@code if/else if/else}, {@code with} and {@code range} blocks (with {@code else}).
 * Undefined variables are parse errors, as in Go. Immutable and thread-safe.
 */
public final class GoTemplate {
    sealed interface Node permits Text, Output, Block {}

    record Text(String text) implements Node {}

    record Output(Pipeline pipeline) implements Node {}

    enum BlockKind {
        IF,
        WITH,
        RANGE
    }

    record Block(BlockKind kind, Pipeline pipeline, List<Node> body, List<Node> otherwise) implements Node {}

    record Pipeline(List<String> variables, boolean declare, List<Command> commands, int line) {}

    record Command(List<Operand> operands) {}

    sealed interface Operand permits Dot, Variable, Function, Literal, Nested, FieldAccess {}

    record Dot() implements Operand {}

    record Variable(String name) implements Operand {}

    record Function(String name) implements Operand {}

    record Literal(Object value) implements Operand {}

    record Nested(Pipeline pipeline) implements Operand {}

    /** {@code receiver} null means the fields are read from dot. */
    record FieldAccess(Operand receiver, List<String> fields) implements Operand {}

    private final String name;
    private final List<Node> nodes;

    private GoTemplate(String name, List<Node> nodes) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Parses {@code text}. {@code variables} are declared before the text (as Prometheus prepends
     * {@code {{$labels := .Labels}}...}); {@code functions} are the names calls may use.
     */
    public static GoTemplate parse(String name, String text, Collection<String> variables, Set<String> functions) {
        requireNonNull(name, "name is null");
        requireNonNull(text, "text is null");
        try {
            Parser parser = new Parser(name, TemplateLexer.split(name, text), functions);
            parser.scope.add("$");
            parser.scope.addAll(variables);
            List<Node> nodes = parser.list(Set.of());
            if (parser.position < parser.pieces.size()) {
                Piece stray = parser.pieces.get(parser.position);
                throw new TemplateException("template: " + name + ":" + stray.line() + ": unexpected {{" + stray.tokens().get(0).text() + "}}");
            }
            return new GoTemplate(name, nodes);
        } catch (TemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            // Malformed literals (bad escapes, huge numbers) surface as parse errors, never as crashes.
            throw new TemplateException("template: " + name + ": " + e.getMessage());
        }
    }

    /** Runs the template with {@code dot} as data and the predeclared variables' values. */
    public String execute(Object dot, Map<String, Object> variables, TemplateFunctions functions) {
        return new TemplateExecution(name, functions).run(nodes, dot, variables);
    }

    public String name() {
        return name;
    }

    private static final class Parser {
        final String name;
        final List<Piece> pieces;
        final Set<String> functions;
        final List<String> scope = new ArrayList<>();
        int position;
        String terminator = "";
        Pipeline elseIf;

        Parser(String name, List<Piece> pieces, Set<String> functions) {
            this.name = name;
            this.pieces = pieces;
            this.functions = functions;
        }

        /** Nodes up to one of {@code stopWords} ({@code end}, {@code else}), which is consumed and remembered. */
        List<Node> list(Set<String> stopWords) {
            List<Node> nodes = new ArrayList<>();
            while (position < pieces.size()) {
                Piece piece = pieces.get(position);
                if (piece.isText()) {
                    nodes.add(new Text(piece.text()));
                    position++;
                    continue;
                }
                List<Token> tokens = piece.tokens();
                if (tokens.isEmpty()) {
                    throw error(piece.line(), "missing value for command");
                }
                Token first = tokens.get(0);
                String keyword = first.kind() == Kind.IDENTIFIER ? first.text() : "";
                switch (keyword) {
                    case "end", "else" -> {
                        if (!stopWords.contains(keyword)) {
                            throw error(piece.line(), "unexpected {{" + keyword + "}}");
                        }
                        position++;
                        terminator = keyword;
                        elseIf = null;
                        if (keyword.equals("else") && tokens.size() > 1) {
                            if (!(tokens.get(1).kind() == Kind.IDENTIFIER && tokens.get(1).text().equals("if"))) {
                                throw error(piece.line(), "unexpected " + tokens.get(1).text() + " in else");
                            }
                            elseIf = pipeline(tokens.subList(2, tokens.size()), piece.line(), false);
                        }
                        return nodes;
                    }
                    case "if", "with", "range" -> {
                        position++;
                        nodes.add(block(keyword, tokens.subList(1, tokens.size()), piece.line()));
                    }
                    case "define", "template", "block", "break", "continue" ->
                            throw error(piece.line(), "{{" + keyword + "}} is not supported");
                    default -> {
                        position++;
                        nodes.add(new Output(pipeline(tokens, piece.line(), true)));
                    }
                }
            }
            if (!stopWords.isEmpty()) {
                throw error(pieces.isEmpty() ? 1 : pieces.get(pieces.size() - 1).line(), "unexpected EOF");
            }
            return nodes;
        }

        private Block block(String keyword, List<Token> tokens, int line) {
            int mark = scope.size();
            BlockKind kind = switch (keyword) {
                case "if" -> BlockKind.IF;
                case "with" -> BlockKind.WITH;
                default -> BlockKind.RANGE;
            };
            Pipeline pipeline = pipeline(tokens, line, kind != BlockKind.RANGE);
            if (kind == BlockKind.RANGE) {
                scope.addAll(pipeline.variables());
            }
            List<Node> body = list(Set.of("end", "else"));
            List<Node> otherwise = List.of();
            if (terminator.equals("else")) {
                if (elseIf != null) {
                    Pipeline condition = elseIf;
                    List<Node> elseBody = list(Set.of("end", "else"));
                    List<Node> elseOtherwise = terminator.equals("else") ? elseTail() : List.of();
                    otherwise = List.of(new Block(BlockKind.IF, condition, elseBody, elseOtherwise));
                } else {
                    otherwise = list(Set.of("end"));
                }
            }
            while (scope.size() > mark) {
                scope.remove(scope.size() - 1);
            }
            return new Block(kind, pipeline, body, otherwise);
        }

        /** After an {@code else if} body: more {@code else if}s or a final {@code else}, up to the shared {@code end}. */
        private List<Node> elseTail() {
            if (elseIf != null) {
                Pipeline condition = elseIf;
                List<Node> body = list(Set.of("end", "else"));
                List<Node> otherwise = terminator.equals("else") ? elseTail() : List.of();
                return List.of(new Block(BlockKind.IF, condition, body, otherwise));
            }
            return list(Set.of("end"));
        }

        private Pipeline pipeline(List<Token> tokens, int line, boolean declareNow) {
            List<String> variables = new ArrayList<>();
            boolean declare = false;
            int start = 0;
            int assignment = indexOfAssignment(tokens);
            if (assignment > 0) {
                for (int i = 0; i < assignment; i++) {
                    Token token = tokens.get(i);
                    if (token.kind() == Kind.COMMA) {
                        continue;
                    }
                    if (token.kind() != Kind.VARIABLE) {
                        throw error(line, "unexpected " + token.text() + " in declaration");
                    }
                    variables.add(token.text());
                }
                declare = tokens.get(assignment).kind() == Kind.DECLARE;
                if (!declare) {
                    for (String variable : variables) {
                        requireDefined(variable, line);
                    }
                }
                start = assignment + 1;
            }
            List<Command> commands = new ArrayList<>();
            List<Operand> operands = new ArrayList<>();
            int[] cursor = {start};
            while (cursor[0] < tokens.size()) {
                Token token = tokens.get(cursor[0]);
                if (token.kind() == Kind.PIPE) {
                    if (operands.isEmpty()) {
                        throw error(line, "missing command");
                    }
                    commands.add(new Command(operands));
                    operands = new ArrayList<>();
                    cursor[0]++;
                    continue;
                }
                operands.add(operand(tokens, cursor, line));
            }
            if (operands.isEmpty()) {
                throw error(line, "missing value for command");
            }
            commands.add(new Command(operands));
            if (declare && declareNow) {
                scope.addAll(variables);
            }
            return new Pipeline(variables, declare, commands, line);
        }

        private static int indexOfAssignment(List<Token> tokens) {
            for (int i = 0; i < tokens.size(); i++) {
                Kind kind = tokens.get(i).kind();
                if (kind == Kind.DECLARE || kind == Kind.ASSIGN) {
                    return i;
                }
                if (kind != Kind.VARIABLE && kind != Kind.COMMA) {
                    return -1;
                }
            }
            return -1;
        }

        private Operand operand(List<Token> tokens, int[] cursor, int line) {
            Token token = tokens.get(cursor[0]++);
            Operand term = switch (token.kind()) {
                case DOT -> new Dot();
                case VARIABLE -> {
                    requireDefined(token.text(), line);
                    yield new Variable(token.text());
                }
                case FIELD -> {
                    cursor[0]--;
                    yield new Dot();
                }
                case IDENTIFIER -> switch (token.text()) {
                    case "true" -> new Literal(Boolean.TRUE);
                    case "false" -> new Literal(Boolean.FALSE);
                    case "nil" -> new Literal(null);
                    default -> {
                        if (!functions.contains(token.text())) {
                            throw error(line, "function \"" + token.text() + "\" not defined");
                        }
                        yield new Function(token.text());
                    }
                };
                case STRING -> new Literal(GoStrings.unquote(token.text()));
                case CHAR -> new Literal((long) GoStrings.unquote(token.text()).codePointAt(0));
                case NUMBER -> new Literal(number(token.text(), line));
                case LEFT_PAREN -> {
                    int depth = 1;
                    int start = cursor[0];
                    while (cursor[0] < tokens.size() && depth > 0) {
                        Kind kind = tokens.get(cursor[0]).kind();
                        if (kind == Kind.LEFT_PAREN) {
                            depth++;
                        } else if (kind == Kind.RIGHT_PAREN) {
                            depth--;
                        }
                        cursor[0]++;
                    }
                    if (depth != 0) {
                        throw error(line, "unclosed left paren");
                    }
                    yield new Nested(pipeline(tokens.subList(start, cursor[0] - 1), line, true));
                }
                case RIGHT_PAREN -> throw error(line, "unexpected right paren");
                case PIPE, DECLARE, ASSIGN, COMMA -> throw error(line, "unexpected \"" + token.text() + "\" in operand");
            };
            List<String> fields = new ArrayList<>();
            boolean fromDot = token.kind() == Kind.FIELD;
            while (cursor[0] < tokens.size() && tokens.get(cursor[0]).kind() == Kind.FIELD
                    && (tokens.get(cursor[0]).attached() || (fromDot && fields.isEmpty()))) {
                fields.add(tokens.get(cursor[0]++).text());
            }
            if (fields.isEmpty()) {
                return term;
            }
            if (term instanceof Function function) {
                throw error(line, "unexpected . after term \"" + function.name() + "\"");
            }
            return new FieldAccess(fromDot ? null : term, fields);
        }

        private Object number(String text, int line) {
            String clean = text.replace("_", "");
            try {
                if (clean.matches("[+-]?0[xX][0-9a-fA-F]+")) {
                    return Long.parseLong(clean.replaceFirst("0[xX]", ""), 16) * (clean.startsWith("-") ? -1 : 1);
                }
                if (clean.matches("[+-]?[0-9]+")) {
                    return Long.parseLong(clean);
                }
                return Double.parseDouble(clean);
            } catch (NumberFormatException e) {
                throw error(line, "bad number syntax: \"" + text + "\"");
            }
        }

        private void requireDefined(String variable, int line) {
            if (!scope.contains(variable)) {
                throw error(line, "undefined variable \"" + variable + "\"");
            }
        }

        private TemplateException error(int line, String message) {
            return new TemplateException("template: " + name + ":" + line + ": " + message);
        }
    }
}
