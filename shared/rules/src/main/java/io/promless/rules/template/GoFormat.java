package io.promless.rules.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's fmt formatting of the values templates handle: {@code %v} printing and the printf verbs
 * Prometheus users write ({@code %s %v %d %f %e %g %q %x %t %%} with flags, width and precision).
 * Floats round the exact binary value half-to-even, as Go's strconv does.
 */
public final class GoFormat {
    private GoFormat() {}

    /** Go's {@code %v} of a template value. */
    public static String value(Object value) {
        return switch (value) {
            case null -> "<no value>";
            case String text -> text;
            case Double number -> formatFloat(number, 'g', -1);
            case Float number -> formatFloat(number.doubleValue(), 'g', -1);
            case Number number -> Long.toString(number.longValue());
            case Boolean bool -> bool.toString();
            case Map<?, ?> map -> {
                StringBuilder out = new StringBuilder("map[");
                boolean first = true;
                for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
                    if (!first) {
                        out.append(' ');
                    }
                    first = false;
                    out.append(value(entry.getKey())).append(':').append(value(entry.getValue()));
                }
                yield out.append(']').toString();
            }
            case List<?> list -> {
                List<String> parts = new ArrayList<>();
                list.forEach(item -> parts.add(value(item)));
                yield "[" + String.join(" ", parts) + "]";
            }
            case TemplateStruct struct -> {
                List<String> parts = new ArrayList<>();
                struct.fields().values().forEach(item -> parts.add(value(item)));
                yield "{" + String.join(" ", parts) + "}";
            }
            default -> value.toString();
        };
    }

    /**
     * strconv.FormatFloat(value, verb, precision, 64) for verbs {@code e f g}; precision -1 means
     * the shortest representation that reads back exactly.
     */
    public static String formatFloat(double value, char verb, int precision) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        boolean negative = value < 0 || (value == 0 && 1 / value < 0);
        BigDecimal magnitude = new BigDecimal(Math.abs(value));
        String digits;
        int pointPosition;
        boolean shortest = precision < 0;
        if (value == 0) {
            digits = "0";
            pointPosition = 1;
        } else if (shortest) {
            BigDecimal shortestDecimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
            digits = shortestDecimal.unscaledValue().toString();
            pointPosition = digits.length() - shortestDecimal.scale();
        } else {
            BigDecimal rounded = switch (verb) {
                case 'f' -> magnitude.setScale(precision, RoundingMode.HALF_EVEN);
                case 'e' -> magnitude.round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
                default -> magnitude.round(new MathContext(Math.max(precision, 1), RoundingMode.HALF_EVEN));
            };
            if (rounded.signum() == 0) {
                digits = "0";
                pointPosition = 1;
            } else {
                rounded = rounded.stripTrailingZeros();
                digits = rounded.unscaledValue().toString();
                pointPosition = digits.length() - rounded.scale();
            }
        }
        String body = switch (verb) {
            case 'f' -> fixed(digits, pointPosition, shortest ? Math.max(digits.length() - pointPosition, 0) : precision);
            case 'e' -> exponent(digits, pointPosition, shortest ? digits.length() - 1 : precision);
            default -> {
                int eprec = shortest ? 6 : Math.max(precision, 1);
                if (!shortest && eprec > digits.length() && digits.length() >= pointPosition) {
                    eprec = digits.length();
                }
                int exp = pointPosition - 1;
                if (value != 0 && (exp < -4 || exp >= eprec)) {
                    yield exponent(digits, pointPosition, digits.length() - 1);
                }
                yield fixed(digits, pointPosition, Math.max(digits.length() - pointPosition, 0));
            }
        };
        return negative ? "-" + body : body;
    }

    private static String fixed(String digits, int pointPosition, int decimals) {
        StringBuilder out = new StringBuilder();
        if (pointPosition <= 0) {
            out.append('0');
        } else {
            for (int i = 0; i < pointPosition; i++) {
                out.append(i < digits.length() ? digits.charAt(i) : '0');
            }
        }
        if (decimals > 0) {
            out.append('.');
            for (int i = 0; i < decimals; i++) {
                int index = pointPosition + i;
                out.append(index >= 0 && index < digits.length() ? digits.charAt(index) : '0');
            }
        }
        return out.toString();
    }

    private static String exponent(String digits, int pointPosition, int decimals) {
        StringBuilder out = new StringBuilder();
        out.append(digits.charAt(0));
        if (decimals > 0) {
            out.append('.');
            for (int i = 1; i <= decimals; i++) {
                out.append(i < digits.length() ? digits.charAt(i) : '0');
            }
        }
        int exp = digits.equals("0") ? 0 : pointPosition - 1;
        out.append('e').append(exp < 0 ? '-' : '+');
        int magnitude = Math.abs(exp);
        if (magnitude < 10) {
            out.append('0');
        }
        return out.append(magnitude).toString();
    }

    /** Go's fmt.Sprintf for the common verbs. */
    public static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argIndex = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            boolean minus = false;
            boolean plus = false;
            boolean zero = false;
            boolean space = false;
            for (; i < format.length(); i++) {
                char flag = format.charAt(i);
                if (flag == '-') {
                    minus = true;
                } else if (flag == '+') {
                    plus = true;
                } else if (flag == '0') {
                    zero = true;
                } else if (flag == ' ') {
                    space = true;
                } else if (flag != '#') {
                    break;
                }
            }
            int width = -1;
            int start = i;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                i++;
            }
            if (i > start) {
                width = Integer.parseInt(format.substring(start, i));
            }
            int precision = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                start = i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argIndex >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object arg = args.get(argIndex++);
            String formatted = formatOne(verb, arg, precision, plus, space);
            if (width > formatted.length()) {
                String padding = (zero && !minus && arg instanceof Number ? "0" : " ").repeat(width - formatted.length());
                if (minus) {
                    formatted = formatted + padding;
                } else if (padding.startsWith("0") && (formatted.startsWith("-") || formatted.startsWith("+"))) {
                    formatted = formatted.charAt(0) + padding + formatted.substring(1);
                } else {
                    formatted = padding + formatted;
                }
            }
            out.append(formatted);
        }
        if (argIndex < args.size()) {
            out.append("%!(EXTRA ");
            List<String> extra = new ArrayList<>();
            for (int j = argIndex; j < args.size(); j++) {
                Object arg = args.get(j);
                extra.add(typeName(arg) + "=" + value(arg));
            }
            out.append(String.join(", ", extra)).append(')');
        }
        return out.toString();
    }

    private static String formatOne(char verb, Object arg, int precision, boolean plus, boolean space) {
        String sign = plus ? "+" : space ? " " : "";
        switch (verb) {
            case 'v', 's' -> {
                String text = value(arg);
                if (verb == 's' && !(arg instanceof String) && arg instanceof Number) {
                    return "%!s(" + typeName(arg) + "=" + text + ")";
                }
                return precision >= 0 && text.length() > precision ? text.substring(0, precision) : text;
            }
            case 'q' -> {
                return arg instanceof String text ? GoStrings.quote(text) : "%!q(" + typeName(arg) + "=" + value(arg) + ")";
            }
            case 'T' -> {
                return typeName(arg);
            }
            case 't' -> {
                return arg instanceof Boolean bool ? bool.toString() : "%!t(" + typeName(arg) + "=" + value(arg) + ")";
            }
            case 'd' -> {
                if (arg instanceof Long || arg instanceof Integer) {
                    long number = ((Number) arg).longValue();
                    return (number >= 0 ? sign : "") + number;
                }
                return "%!d(" + typeName(arg) + "=" + value(arg) + ")";
            }
            case 'x', 'X' -> {
                String hex;
                if (arg instanceof Long || arg instanceof Integer) {
                    hex = Long.toHexString(((Number) arg).longValue());
                } else if (arg instanceof String text) {
                    StringBuilder builder = new StringBuilder();
                    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                        builder.append(String.format("%02x", b));
                    }
                    hex = builder.toString();
                } else {
                    return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
                }
                return verb == 'X' ? hex.toUpperCase(Locale.ROOT) : hex;
            }
            case 'f', 'F', 'e', 'E', 'g', 'G' -> {
                if (!(arg instanceof Number number)) {
                    return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
                }
                if (arg instanceof Long || arg instanceof Integer) {
                    return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
                }
                char lower = Character.toLowerCase(verb);
                int effective = precision >= 0 ? precision : (lower == 'g' ? -1 : 6);
                String text = formatFloat(number.doubleValue(), lower, effective);
                if (Character.isUpperCase(verb)) {
                    text = text.toUpperCase(Locale.ROOT);
                }
                return text.startsWith("-") || text.equals("NaN") ? text : sign + text;
            }
            default -> {
                return "%!" + verb + "(" + typeName(arg) + "=" + value(arg) + ")";
            }
        }
    }

    static String typeName(Object value) {
        return switch (value) {
            case null -> "<nil>";
            case String text -> "string";
            case Double number -> "float64";
            case Long number -> "int";
            case Integer number -> "int";
            case Boolean bool -> "bool";
            case Map<?, ?> map -> "map[string]string";
            case List<?> list -> "[]interface {}";
            default -> value.getClass().getSimpleName();
        };
    }
}
