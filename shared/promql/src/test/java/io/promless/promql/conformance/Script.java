package io.promless.promql.conformance;

import io.promless.promql.ast.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed test script (Prometheus's promqltest language, as described in the conformance README). */
record Script(List<Command> commands) {
    sealed interface Command {
        int line();
    }

    record Clear(int line) implements Command {}

    record Load(int line, long step, List<SeriesLine> series, boolean nativeHistogramsFromClassic) implements Command {}

    /** Window of an instant query's expected range vector. */
    record RangeWindow(long start, long end, long step) {}

    record Eval(
            int line,
            String query,
            boolean range,
            long time,
            long start,
            long end,
            long step,
            List<SeriesLine> expected,
            Double expectedScalar,
            String expectedString,
            RangeWindow expectedRangeVector,
            boolean expectFail,
            String failMessage,
            String failRegex,
            boolean ordered,
            List<String> warnMatchers,
            List<String> infoMatchers,
            boolean noWarnings,
            boolean noInfos)
            implements Command {
        boolean expectsHistogram() {
            return expected.stream().anyMatch(series -> SeriesLine.hasHistogram(series.points()));
        }
    }

    private static final Pattern INSTANT = Pattern.compile("^(\\S+)\\s+instant\\s+at\\s+(\\S+)\\s+(.+)$");
    private static final Pattern RANGE = Pattern.compile("^(\\S+)\\s+range\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)\\s+(.+)$");
    private static final Pattern RANGE_VECTOR = Pattern.compile("^expect\\s+range\\s+vector\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)$");
    private static final Pattern EXPECTATION = Pattern.compile("^expect\\s+(\\w+)\\s*(?:(msg|regex):\\s*(.*))?$");

    static Script parse(String text) {
        String[] lines = text.split("\n", -1);
        List<Command> commands = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = clean(lines[i]);
            if (line.isEmpty()) {
                i++;
                continue;
            }
            int headerLine = i + 1;
            List<String> block = new ArrayList<>();
            i++;
            boolean hasBlock = !line.toLowerCase(Locale.ROOT).startsWith("clear");
            while (hasBlock && i < lines.length && !clean(lines[i]).isEmpty()) {
                block.add(clean(lines[i]));
                i++;
            }
            String command = line.split("\\s+")[0].toLowerCase(Locale.ROOT);
            if (command.equals("clear")) {
                commands.add(new Clear(headerLine));
            } else if (command.startsWith("load")) {
                commands.add(load(headerLine, line, block));
            } else if (command.startsWith("eval")) {
                commands.add(eval(headerLine, line, block));
            } else {
                throw new IllegalArgumentException("line " + headerLine + ": unknown command " + line);
            }
        }
        return new Script(commands);
    }

    private static String clean(String line) {
        String trimmed = line.strip();
        return trimmed.startsWith("#") ? "" : trimmed;
    }

    private static Load load(int line, String header, List<String> block) {
        String[] parts = header.split("\\s+");
        long step = duration(parts[1]);
        List<SeriesLine> series = new ArrayList<>();
        for (String entry : block) {
            // Start-timestamp lines (label set directly followed by @st) need per-sample start
            // timestamps, which this storage has no place for; the evals that use them fail.
            if (entry.contains("@st") && entry.split("\\s+")[0].endsWith("@st")) {
                continue;
            }
            series.add(SeriesLine.parse(entry));
        }
        return new Load(line, step, series, parts[0].equalsIgnoreCase("load_with_nhcb"));
    }

    private static Eval eval(int line, String header, List<String> block) {
        Matcher instant = INSTANT.matcher(header);
        Matcher range = RANGE.matcher(header);
        String variant;
        String query;
        boolean isRange;
        long time = 0;
        long start = 0;
        long end = 0;
        long step = 0;
        if (range.matches()) {
            variant = range.group(1);
            start = duration(range.group(2));
            end = duration(range.group(3));
            step = duration(range.group(4));
            query = range.group(5);
            isRange = true;
        } else if (instant.matches()) {
            variant = instant.group(1);
            time = duration(instant.group(2));
            query = instant.group(3);
            isRange = false;
        } else {
            throw new IllegalArgumentException("line " + line + ": bad eval header " + header);
        }
        boolean expectFail = variant.equalsIgnoreCase("eval_fail");
        boolean ordered = variant.equalsIgnoreCase("eval_ordered");
        List<String> warn = new ArrayList<>();
        List<String> info = new ArrayList<>();
        boolean noWarnings = false;
        boolean noInfos = false;
        if (variant.equalsIgnoreCase("eval_warn")) {
            warn.add("");
        }
        if (variant.equalsIgnoreCase("eval_info")) {
            info.add("");
        }
        String failMessage = null;
        String failRegex = null;
        Double scalar = null;
        String string = null;
        RangeWindow rangeVector = null;
        List<SeriesLine> expected = new ArrayList<>();
        for (String entry : block) {
            if (expectFail && entry.startsWith("expected_fail_message")) {
                failMessage = entry.substring("expected_fail_message".length()).trim();
                break;
            }
            if (expectFail && entry.startsWith("expected_fail_regexp")) {
                failRegex = entry.substring("expected_fail_regexp".length()).trim();
                break;
            }
            Matcher window = RANGE_VECTOR.matcher(entry);
            if (window.matches()) {
                rangeVector = new RangeWindow(duration(window.group(1)), duration(window.group(2)), duration(window.group(3)));
                continue;
            }
            if (entry.startsWith("expect string")) {
                string = io.promless.promql.parser.StringUnquoter.unquote(entry.substring("expect string".length()).trim());
                continue;
            }
            if (entry.split("\\s+")[0].equals("expect")) {
                Matcher expectation = EXPECTATION.matcher(entry);
                if (!expectation.matches()) {
                    throw new IllegalArgumentException("line " + line + ": bad expectation " + entry);
                }
                String type = expectation.group(1);
                String matcherText = expectation.group(3) == null ? "" : expectation.group(3).trim();
                String prefix = expectation.group(2) == null ? "" : expectation.group(2) + ":";
                switch (type) {
                    case "fail" -> {
                        expectFail = true;
                        if ("msg".equals(expectation.group(2))) {
                            failMessage = matcherText;
                        } else if ("regex".equals(expectation.group(2))) {
                            failRegex = matcherText;
                        }
                    }
                    case "warn" -> warn.add(prefix + matcherText);
                    case "info" -> info.add(prefix + matcherText);
                    case "ordered" -> ordered = true;
                    case "no_warn" -> noWarnings = true;
                    case "no_info" -> noInfos = true;
                    default -> throw new IllegalArgumentException("line " + line + ": unknown expectation " + type);
                }
                continue;
            }
            Double number = plainNumber(entry);
            if (number != null) {
                scalar = number;
                break;
            }
            expected.add(SeriesLine.parse(entry));
        }
        return new Eval(line, query, isRange, time, start, end, step, expected, scalar, string, rangeVector, expectFail,
                failMessage, failRegex, ordered, warn, info, noWarnings, noInfos);
    }

    private static Double plainNumber(String entry) {
        try {
            if (entry.matches("[+-]?0[xX][0-9a-fA-F]+")) {
                return (double) Long.decode(entry);
            }
            return SeriesLine.number(entry);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static long duration(String text) {
        if (text.equals("0")) {
            return 0;
        }
        if (text.startsWith("-")) {
            return -Durations.parse(text.substring(1));
        }
        return Durations.parse(text);
    }
}
