package io.promless.rules.template;

import static java.util.Objects.requireNonNull;

import io.promless.config.PrometheusDuration;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions Prometheus gives alert templates (humanize*, query, first, label, value, match,
 * reReplaceAll, title, toUpper, ...) and Go's text/template built-ins (printf, eq, and, len,
 * index, ...). {@code query} runs through the given function at the evaluation time; {@code now}
 * is the evaluation time, never the clock.
 */
public final class TemplateFunctions {
    /** Runs a PromQL instant query for the {@code query} template function; results are samples. */
    @FunctionalInterface
    public interface TemplateQuery {
        List<TemplateStruct> query(String expr, long timeMillis);
    }

    /** Every function name templates may call. */
    public static final Set<String> NAMES = Set.of(
            "and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt", "le", "gt", "ge", "html", "js",
            "urlquery", "slice", "query", "first", "label", "value", "strvalue", "args", "reReplaceAll", "safeHtml", "match",
            "title", "toUpper", "toLower", "graphLink", "tableLink", "sortByLabel", "humanize", "humanize1024",
            "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "toTime", "toDuration", "pathPrefix",
            "externalURL", "parseDuration", "stripPort", "stripDomain", "now");

    private static final String[] LARGE_PREFIXES = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
    private static final String[] SMALL_PREFIXES = {"", "m", "u", "n", "p", "f", "a", "z", "y"};
    private static final String[] BINARY_PREFIXES = {"", "ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final TemplateQuery query;
    private final String externalUrl;
    private final long timeMillis;

    public TemplateFunctions(TemplateQuery query, String externalUrl, long timeMillis) {
        this.query = requireNonNull(query, "query is null");
        this.externalUrl = requireNonNull(externalUrl, "externalUrl is null");
        this.timeMillis = timeMillis;
    }

    /** Functions without a query engine: {@code query} fails with a clear error. */
    public static TemplateFunctions withoutQueries(String externalUrl, long timeMillis) {
        return new TemplateFunctions((expr, time) -> {
            throw new TemplateException("queries are not available here");
        }, externalUrl, timeMillis);
    }

    Object call(String name, List<Object> args) {
        return switch (name) {
            case "and" -> {
                requireArgs(name, args, 1);
                Object result = args.get(0);
                for (Object arg : args) {
                    result = arg;
                    if (!TemplateExecution.isTrue(arg)) {
                        break;
                    }
                }
                yield result;
            }
            case "or" -> {
                requireArgs(name, args, 1);
                Object result = args.get(0);
                for (Object arg : args) {
                    result = arg;
                    if (TemplateExecution.isTrue(arg)) {
                        break;
                    }
                }
                yield result;
            }
            case "not" -> !TemplateExecution.isTrue(exactly(name, args, 1).get(0));
            case "len" -> (long) switch (exactly(name, args, 1).get(0)) {
                case String text -> text.getBytes(StandardCharsets.UTF_8).length;
                case Map<?, ?> map -> map.size();
                case List<?> list -> list.size();
                case null, default -> throw new TemplateException("len of type " + GoFormat.typeName(args.get(0)));
            };
            case "index" -> index(args);
            case "print" -> print(args);
            case "println" -> {
                List<String> parts = new ArrayList<>();
                args.forEach(arg -> parts.add(GoFormat.value(arg)));
                yield String.join(" ", parts) + "\n";
            }
            case "printf" -> {
                requireArgs(name, args, 1);
                yield GoFormat.sprintf(string(args.get(0)), args.subList(1, args.size()));
            }
            case "eq" -> {
                requireArgs(name, args, 2);
                boolean any = false;
                for (int i = 1; i < args.size(); i++) {
                    any |= compare(args.get(0), args.get(i), true) == 0;
                }
                yield any;
            }
            case "ne" -> compare(exactly(name, args, 2).get(0), args.get(1), true) != 0;
            case "lt" -> compare(exactly(name, args, 2).get(0), args.get(1), false) < 0;
            case "le" -> compare(exactly(name, args, 2).get(0), args.get(1), false) <= 0;
            case "gt" -> compare(exactly(name, args, 2).get(0), args.get(1), false) > 0;
            case "ge" -> compare(exactly(name, args, 2).get(0), args.get(1), false) >= 0;
            case "html" -> print(args).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace("\"", "&#34;").replace("'", "&#39;").replace("\0", "\uFFFD");
            case "js" -> print(args).replace("\\", "\\\\").replace("'", "\\'").replace("\"", "\\\"")
                    .replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026").replace("=", "\\u003D");
            case "urlquery" -> URLEncoder.encode(print(args), StandardCharsets.UTF_8);
            case "slice" -> slice(args);
            case "query" -> query.query(string(exactly(name, args, 1).get(0)), timeMillis);
            case "first" -> {
                List<?> samples = list(exactly(name, args, 1).get(0));
                if (samples.isEmpty()) {
                    throw new TemplateException("first() called on vector with no elements");
                }
                yield samples.get(0);
            }
            case "label" -> {
                exactly(name, args, 2);
                if (!(args.get(1) instanceof TemplateStruct sample)) {
                    yield "";
                }
                Object labels = sample.fields().get("Labels");
                yield labels instanceof Map<?, ?> map && map.get(string(args.get(0))) instanceof String value ? value : "";
            }
            case "value" -> {
                if (!(exactly(name, args, 1).get(0) instanceof TemplateStruct sample)) {
                    throw new TemplateException("value() needs a sample");
                }
                yield sample.fields().get("Value");
            }
            case "strvalue" -> {
                if (!(exactly(name, args, 1).get(0) instanceof TemplateStruct sample)) {
                    yield "";
                }
                Object labels = sample.fields().get("Labels");
                yield labels instanceof Map<?, ?> map && map.get("__value__") instanceof String value ? value : "";
            }
            case "args" -> {
                Map<String, Object> result = new LinkedHashMap<>();
                for (int i = 0; i < args.size(); i++) {
                    result.put("arg" + i, args.get(i));
                }
                yield result;
            }
            case "reReplaceAll" -> {
                exactly(name, args, 3);
                String replacement = string(args.get(1)).replaceAll("\\$\\{([0-9]+)\\}", "\\$$1");
                yield Pattern.compile(string(args.get(0))).matcher(string(args.get(2))).replaceAll(replacement);
            }
            case "safeHtml" -> string(exactly(name, args, 1).get(0));
            case "match" -> Pattern.compile(string(exactly(name, args, 2).get(0))).matcher(string(args.get(1))).find();
            case "title" -> title(string(exactly(name, args, 1).get(0)));
            case "toUpper" -> string(exactly(name, args, 1).get(0)).toUpperCase(Locale.ROOT);
            case "toLower" -> string(exactly(name, args, 1).get(0)).toLowerCase(Locale.ROOT);
            case "graphLink" -> "/graph?g0.expr=" + queryEscape(string(exactly(name, args, 1).get(0))) + "&g0.tab=0";
            case "tableLink" -> "/graph?g0.expr=" + queryEscape(string(exactly(name, args, 1).get(0))) + "&g0.tab=1";
            case "sortByLabel" -> {
                exactly(name, args, 2);
                String label = string(args.get(0));
                List<Object> sorted = new ArrayList<>(list(args.get(1)));
                sorted.sort(Comparator.comparing(sample -> String.valueOf(call("label", List.of(label, sample)))));
                yield sorted;
            }
            case "humanize" -> humanize(toFloat(exactly(name, args, 1).get(0)));
            case "humanize1024" -> humanize1024(toFloat(exactly(name, args, 1).get(0)));
            case "humanizeDuration" -> humanizeDuration(toFloat(exactly(name, args, 1).get(0)));
            case "humanizePercentage" -> GoFormat.formatFloat(toFloat(exactly(name, args, 1).get(0)) * 100, 'g', 4) + "%";
            case "humanizeTimestamp" -> {
                double seconds = toFloat(exactly(name, args, 1).get(0));
                if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                    yield GoFormat.formatFloat(seconds, 'g', 4);
                }
                yield goTime(seconds);
            }
            case "toTime" -> {
                double seconds = toFloat(exactly(name, args, 1).get(0));
                if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                    throw new TemplateException("cannot convert " + GoFormat.value(seconds) + " to time.Time");
                }
                yield goTime(seconds);
            }
            case "toDuration" -> goDuration(toFloat(exactly(name, args, 1).get(0)));
            case "pathPrefix" -> {
                exactly(name, args, 0);
                try {
                    String path = URI.create(externalUrl).getRawPath();
                    yield path == null ? "" : path;
                } catch (IllegalArgumentException e) {
                    yield "";
                }
            }
            case "externalURL" -> externalUrl;
            case "parseDuration" -> PrometheusDuration.parse(string(exactly(name, args, 1).get(0))).toNanos() / 1e9;
            case "stripPort" -> stripPort(string(exactly(name, args, 1).get(0)));
            case "stripDomain" -> stripDomain(string(exactly(name, args, 1).get(0)));
            case "now" -> timeMillis / 1000.0;
            default -> throw new TemplateException("function \"" + name + "\" not defined");
        };
    }

    private static List<Object> exactly(String name, List<Object> args, int count) {
        if (args.size() != count) {
            throw new TemplateException("wrong number of args for " + name + ": want " + count + " got " + args.size());
        }
        return args;
    }

    private static void requireArgs(String name, List<Object> args, int atLeast) {
        if (args.size() < atLeast) {
            throw new TemplateException("wrong number of args for " + name + ": want at least " + atLeast + " got " + args.size());
        }
    }

    private static String string(Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw new TemplateException("wrong type for value; expected string; got " + GoFormat.typeName(value));
    }

    private static List<?> list(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new TemplateException("wrong type for value; expected a query result; got " + GoFormat.typeName(value));
    }

    /** Go's fmt.Sprint: spaces only between operands when neither is a string. */
    private static String print(List<Object> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0 && !(args.get(i) instanceof String) && !(args.get(i - 1) instanceof String)) {
                out.append(' ');
            }
            out.append(GoFormat.value(args.get(i)));
        }
        return out.toString();
    }

    private static Object index(List<Object> args) {
        requireArgs("index", args, 1);
        Object value = args.get(0);
        for (int i = 1; i < args.size(); i++) {
            Object key = args.get(i);
            value = switch (value) {
                case Map<?, ?> map -> {
                    Object found = map.get(key);
                    yield found == null ? "" : found;
                }
                case List<?> list -> {
                    long position = key instanceof Number number ? number.longValue() : -1;
                    if (position < 0 || position >= list.size()) {
                        throw new TemplateException("error calling index: index out of range: " + GoFormat.value(key));
                    }
                    yield list.get((int) position);
                }
                case null, default -> throw new TemplateException("can't index item of type " + GoFormat.typeName(value));
            };
        }
        return value;
    }

    private static Object slice(List<Object> args) {
        requireArgs("slice", args, 1);
        Object value = args.get(0);
        int from = args.size() > 1 ? (int) ((Number) args.get(1)).longValue() : 0;
        if (value instanceof String text) {
            int to = args.size() > 2 ? (int) ((Number) args.get(2)).longValue() : text.length();
            return text.substring(from, to);
        }
        List<?> list = list(value);
        int to = args.size() > 2 ? (int) ((Number) args.get(2)).longValue() : list.size();
        return List.copyOf(list.subList(from, to));
    }

    /** Go template comparison: numbers by value, strings by bytes, booleans only for equality. */
    private static int compare(Object left, Object right, boolean equalityOnly) {
        if (left instanceof Number a && right instanceof Number b) {
            return Double.compare(a.doubleValue(), b.doubleValue()) == 0 ? 0 : a.doubleValue() < b.doubleValue() ? -1 : 1;
        }
        if (left instanceof String a && right instanceof String b) {
            return Integer.signum(a.compareTo(b));
        }
        if (equalityOnly && left instanceof Boolean a && right instanceof Boolean b) {
            return a.equals(b) ? 0 : 1;
        }
        if (equalityOnly && left == null && right == null) {
            return 0;
        }
        throw new TemplateException(equalityOnly ? "incompatible types for comparison" : "invalid type for comparison");
    }

    static double toFloat(Object value) {
        return switch (value) {
            case Double number -> number;
            case Number number -> number.doubleValue();
            case String text -> {
                try {
                    yield switch (text.toLowerCase(Locale.ROOT)) {
                        case "inf", "+inf" -> Double.POSITIVE_INFINITY;
                        case "-inf" -> Double.NEGATIVE_INFINITY;
                        case "nan" -> Double.NaN;
                        default -> Double.parseDouble(text);
                    };
                } catch (NumberFormatException e) {
                    throw new TemplateException("strconv.ParseFloat: parsing " + GoStrings.quote(text) + ": invalid syntax");
                }
            }
            case null, default -> throw new TemplateException("can't convert " + GoFormat.typeName(value) + " to float");
        };
    }

    static String humanize(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return GoFormat.formatFloat(value, 'g', 4);
        }
        int prefix = 0;
        if (Math.abs(value) >= 1) {
            while (Math.abs(value) >= 1000 && prefix < LARGE_PREFIXES.length - 1) {
                value /= 1000;
                prefix++;
            }
            return GoFormat.formatFloat(value, 'g', 4) + LARGE_PREFIXES[prefix];
        }
        while (Math.abs(value) < 1 && prefix < SMALL_PREFIXES.length - 1) {
            value *= 1000;
            prefix++;
        }
        return GoFormat.formatFloat(value, 'g', 4) + SMALL_PREFIXES[prefix];
    }

    static String humanize1024(double value) {
        if (Math.abs(value) <= 1 || Double.isNaN(value) || Double.isInfinite(value)) {
            return GoFormat.formatFloat(value, 'g', 4);
        }
        int prefix = 0;
        while (Math.abs(value) >= 1024 && prefix < BINARY_PREFIXES.length - 1) {
            value /= 1024;
            prefix++;
        }
        return GoFormat.formatFloat(value, 'g', 4) + BINARY_PREFIXES[prefix];
    }

    static String humanizeDuration(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return GoFormat.formatFloat(value, 'g', 4);
        }
        if (value == 0) {
            return "0s";
        }
        String sign = value < 0 ? "-" : "";
        double magnitude = Math.abs(value);
        if (magnitude >= 1) {
            long whole = (long) magnitude;
            long seconds = whole % 60;
            long minutes = (whole / 60) % 60;
            long hours = (whole / 3600) % 24;
            long days = whole / 86400;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + seconds + "s";
            }
            return sign + GoFormat.formatFloat(magnitude, 'g', 4) + "s";
        }
        int prefix = 0;
        while (magnitude < 1 && prefix < SMALL_PREFIXES.length - 1) {
            magnitude *= 1000;
            prefix++;
        }
        return sign + GoFormat.formatFloat(magnitude, 'g', 4) + SMALL_PREFIXES[prefix] + "s";
    }

    /** Go's time.Time.String() of a UTC instant: {@code 2006-01-02 15:04:05.999999999 +0000 UTC}. */
    static String goTime(double seconds) {
        double nanos = seconds * 1e9;
        if (nanos > Long.MAX_VALUE || nanos < Long.MIN_VALUE) {
            throw new TemplateException(GoFormat.value(seconds) + " cannot be represented as a nanoseconds timestamp since it overflows int64");
        }
        // Prometheus converts through model.Time, so the result has millisecond precision.
        long millis = (long) nanos / 1_000_000L;
        Instant instant = Instant.ofEpochMilli(millis);
        String base = GO_TIME.format(instant.atOffset(ZoneOffset.UTC));
        long fractionMillis = Math.floorMod(millis, 1000L);
        String fraction = fractionMillis == 0 ? "" : "." + String.format("%03d", fractionMillis).replaceAll("0+$", "");
        return base + fraction + " +0000 UTC";
    }

    /** Go's time.Duration.String() of a duration given in seconds. */
    static String goDuration(double seconds) {
        long nanos = (long) (seconds * 1e9);
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long magnitude = Math.abs(nanos);
        if (magnitude < 1_000_000_000L) {
            if (magnitude < 1_000) {
                return sign + magnitude + "ns";
            }
            if (magnitude < 1_000_000) {
                return sign + trimFraction(magnitude, 1_000) + "µs";
            }
            return sign + trimFraction(magnitude, 1_000_000) + "ms";
        }
        StringBuilder out = new StringBuilder(sign);
        long hours = magnitude / 3_600_000_000_000L;
        long minutes = (magnitude / 60_000_000_000L) % 60;
        long rest = magnitude % 60_000_000_000L;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(trimFraction(rest, 1_000_000_000L)).append('s').toString();
    }

    private static String trimFraction(long value, long unit) {
        long whole = value / unit;
        long fraction = value % unit;
        if (fraction == 0) {
            return Long.toString(whole);
        }
        int width = Long.toString(unit).length() - 1;
        return whole + "." + String.format("%0" + width + "d", fraction).replaceAll("0+$", "");
    }

    private static String title(String text) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return out.toString();
    }

    private static String queryEscape(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String stripPort(String hostPort) {
        Matcher bracketed = Pattern.compile("^\\[([^\\]]*)\\]:[^:]*$").matcher(hostPort);
        if (bracketed.matches()) {
            return bracketed.group(1);
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.indexOf(':') != colon) {
            return hostPort;
        }
        return hostPort.substring(0, colon);
    }

    private static String stripDomain(String hostPort) {
        String host = hostPort;
        String port = "";
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && hostPort.indexOf(':') == colon) {
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon);
        } else if (hostPort.startsWith("[")) {
            return hostPort;
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return hostPort;
        }
        int dot = host.indexOf('.');
        return (dot < 0 ? host : host.substring(0, dot)) + port;
    }
}
