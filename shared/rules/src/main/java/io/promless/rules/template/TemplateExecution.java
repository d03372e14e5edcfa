package io.promless.rules.template;

import io.promless.rules.template.GoTemplate.Block;
import io.promless.rules.template.GoTemplate.Command;
import io.promless.rules.template.GoTemplate.Dot;
import io.promless.rules.template.GoTemplate.FieldAccess;
import io.promless.rules.template.GoTemplate.Function;
import io.promless.rules.template.GoTemplate.Literal;
import io.promless.rules.template.GoTemplate.Nested;
import io.promless.rules.template.GoTemplate.Node;
import io.promless.rules.template.GoTemplate.Operand;
import io.promless.rules.template.GoTemplate.Output;
import io.promless.rules.template.GoTemplate.Pipeline;
import io.promless.rules.template.GoTemplate.Text;
import io.promless.rules.template.GoTemplate.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One run of a {@link GoTemplate}: variables live in a stack that blocks unwind on exit. */
final class TemplateExecution {
    private static final int MAX_RANGE_ITEMS = 100_000;
    /** Bounds the work of one expansion so that a runaway template cannot stall rule evaluation. */
    private static final long MAX_STEPS = 1_000_000;

    private final String name;
    private final TemplateFunctions functions;
    private final List<String> variableNames = new ArrayList<>();
    private final List<Object> variableValues = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private long steps;

    TemplateExecution(String name, TemplateFunctions functions) {
        this.name = name;
        this.functions = functions;
    }

    String run(List<Node> nodes, Object dot, Map<String, Object> variables) {
        push("$", dot);
        variables.forEach(this::push);
        walk(nodes, dot);
        return out.toString();
    }

    private void walk(List<Node> nodes, Object dot) {
        for (Node node : nodes) {
            if (++steps > MAX_STEPS) {
                throw new TemplateException("template: " + name + ": execution exceeded " + MAX_STEPS + " steps");
            }
            switch (node) {
                case Text text -> out.append(text.text());
                case Output output -> {
                    Object value = pipeline(output.pipeline(), dot);
                    if (output.pipeline().variables().isEmpty()) {
                        out.append(GoFormat.value(value));
                    }
                }
                case Block block -> block(block, dot);
            }
        }
    }

    private void block(Block block, Object dot) {
        int mark = variableNames.size();
        try {
            switch (block.kind()) {
                case IF -> {
                    Object condition = pipeline(block.pipeline(), dot);
                    walk(isTrue(condition) ? block.body() : block.otherwise(), dot);
                }
                case WITH -> {
                    Object value = pipeline(block.pipeline(), dot);
                    if (isTrue(value)) {
                        walk(block.body(), value);
                    } else {
                        walk(block.otherwise(), dot);
                    }
                }
                case RANGE -> range(block, dot, mark);
            }
        } finally {
            while (variableNames.size() > mark) {
                variableNames.remove(variableNames.size() - 1);
                variableValues.remove(variableValues.size() - 1);
            }
        }
    }

    private void range(Block block, Object dot, int mark) {
        Pipeline pipeline = new Pipeline(List.of(), false, block.pipeline().commands(), block.pipeline().line());
        Object value = pipeline(pipeline, dot);
        List<Object[]> items = new ArrayList<>();
        switch (value) {
            case null -> { }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    items.add(new Object[] {(long) i, list.get(i)});
                }
            }
            case Map<?, ?> map -> new TreeMap<>(map).forEach((key, item) -> items.add(new Object[] {key, item}));
            case Long count -> {
                for (long i = 0; i < Math.min(count, MAX_RANGE_ITEMS); i++) {
                    items.add(new Object[] {i, i});
                }
            }
            default -> throw error(block.pipeline().line(), "range can't iterate over " + GoFormat.value(value));
        }
        if (items.isEmpty()) {
            walk(block.otherwise(), dot);
            return;
        }
        List<String> names = block.pipeline().variables();
        for (Object[] item : items) {
            if (names.size() == 1) {
                push(names.get(0), item[1]);
            } else if (names.size() >= 2) {
                push(names.get(0), item[0]);
                push(names.get(1), item[1]);
            }
            walk(block.body(), item[1]);
            while (variableNames.size() > mark) {
                variableNames.remove(variableNames.size() - 1);
                variableValues.remove(variableValues.size() - 1);
            }
        }
    }

    private Object pipeline(Pipeline pipeline, Object dot) {
        Object value = null;
        boolean piped = false;
        for (Command command : pipeline.commands()) {
            value = command(command, dot, value, piped, pipeline.line());
            piped = true;
        }
        for (String variable : pipeline.variables()) {
            if (pipeline.declare()) {
                push(variable, value);
            } else {
                assign(variable, value);
            }
        }
        return value;
    }

    private Object command(Command command, Object dot, Object piped, boolean hasPiped, int line) {
        List<Operand> operands = command.operands();
        Operand first = operands.get(0);
        if (first instanceof Function function) {
            List<Object> args = new ArrayList<>();
            for (int i = 1; i < operands.size(); i++) {
                args.add(operand(operands.get(i), dot, line));
            }
            if (hasPiped) {
                args.add(piped);
            }
            try {
                return functions.call(function.name(), args);
            } catch (TemplateException e) {
                throw error(line, "executing \"" + name + "\" at <" + function.name() + ">: error calling " + function.name() + ": "
                        + e.getMessage());
            }
        }
        if (operands.size() > 1 || hasPiped) {
            throw error(line, "can't give argument to non-function " + describe(first));
        }
        return operand(first, dot, line);
    }

    private Object operand(Operand operand, Object dot, int line) {
        return switch (operand) {
            case Dot ignored -> dot;
            case Variable variable -> lookup(variable.name(), line);
            case Literal literal -> literal.value();
            case Nested nested -> pipeline(nested.pipeline(), dot);
            case Function function -> {
                try {
                    yield functions.call(function.name(), List.of());
                } catch (TemplateException e) {
                    throw error(line, "error calling " + function.name() + ": " + e.getMessage());
                }
            }
            case FieldAccess access -> {
                Object value = access.receiver() == null ? dot : operand(access.receiver(), dot, line);
                for (String field : access.fields()) {
                    value = field(value, field, line);
                }
                yield value;
            }
        };
    }

    private Object field(Object receiver, String field, int line) {
        return switch (receiver) {
            case Map<?, ?> map -> {
                Object value = map.get(field);
                yield value == null ? "" : value;
            }
            case TemplateStruct struct -> {
                if (!struct.fields().containsKey(field)) {
                    throw error(line, "can't evaluate field " + field + " in type " + GoFormat.typeName(receiver));
                }
                yield struct.fields().get(field);
            }
            case null -> throw error(line, "nil pointer evaluating interface {}." + field);
            default -> throw error(line, "can't evaluate field " + field + " in type " + GoFormat.typeName(receiver));
        };
    }

    private static String describe(Operand operand) {
        return switch (operand) {
            case Dot ignored -> ".";
            case Variable variable -> variable.name();
            case Literal literal -> GoFormat.value(literal.value());
            case Nested ignored -> "(...)";
            case Function function -> function.name();
            case FieldAccess access -> (access.receiver() == null ? "" : describe(access.receiver())) + "." + String.join(".", access.fields());
        };
    }

    static boolean isTrue(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean bool -> bool;
            case String text -> !text.isEmpty();
            case Double number -> number != 0;
            case Number number -> number.longValue() != 0;
            case Map<?, ?> map -> !map.isEmpty();
            case List<?> list -> !list.isEmpty();
            default -> true;
        };
    }

    private void push(String variable, Object value) {
        variableNames.add(variable);
        variableValues.add(value);
    }

    private void assign(String variable, Object value) {
        for (int i = variableNames.size() - 1; i >= 0; i--) {
            if (variableNames.get(i).equals(variable)) {
                variableValues.set(i, value);
                return;
            }
        }
        throw new TemplateException("template: " + name + ": undefined variable: " + variable);
    }

    private Object lookup(String variable, int line) {
        for (int i = variableNames.size() - 1; i >= 0; i--) {
            if (variableNames.get(i).equals(variable)) {
                return variableValues.get(i);
            }
        }
        throw error(line, "undefined variable: " + variable);
    }

    private TemplateException error(int line, String message) {
        return new TemplateException("template: " + name + ":" + line + ":" + (message.startsWith("executing") ? " " : " ") + message);
    }
}
