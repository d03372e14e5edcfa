package io.promless.benchmarks;

import io.promless.model.labels.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recorded data: two real node_exporter 1.5 scrapes of a Debian VM taken 15 s apart (the
 * files HeadSizeTest in this module's tests uses too), repeated for every target with its own instance
 * label and extrapolated linearly in exact decimal arithmetic, so scrape k of a 60 s schedule
 * carries the values the exporter would print then. Values are the same for every target;
 * that does not help the head, which never compares series of different targets.
 */
final class NodeExporterData implements ScrapeSource {
    private static final int CAPTURE_GAP_SECONDS = 15;

    private final int targets;
    private final long intervalMillis;
    private final long startMillis;
    private final List<String[]> firstAndSecond = new ArrayList<>();
    private final List<List<Labels>> labelsByTarget = new ArrayList<>();
    private final Map<Integer, double[]> valuesByScrape = new HashMap<>();

    NodeExporterData(int targets, long intervalMillis, long startMillis) {
        this.targets = targets;
        this.intervalMillis = intervalMillis;
        this.startMillis = startMillis;
        Map<Labels, String> first = parse("node-exporter-scrape-1.txt");
        Map<Labels, String> second = parse("node-exporter-scrape-2.txt");
        for (int target = 0; target < targets; target++) {
            String instance = "host-" + target + ".example.org:9100";
            List<Labels> labels = new ArrayList<>(first.size());
            for (Labels exported : first.keySet()) {
                labels.add(exported.toBuilder().set("job", "node").set("instance", instance).build());
            }
            labelsByTarget.add(labels);
        }
        first.forEach((labels, value) -> firstAndSecond.add(new String[] {value, second.getOrDefault(labels, value)}));
    }

    @Override
    public int targets() {
        return targets;
    }

    int seriesPerTarget() {
        return firstAndSecond.size();
    }

    /** Targets are scraped a little apart within the interval, as a scrape pool spreads them. */
    @Override
    public Scrape scrape(int target, int scrapeIndex) {
        double[] values = valuesByScrape.computeIfAbsent(scrapeIndex, index -> {
            double[] extrapolated = new double[firstAndSecond.size()];
            for (int i = 0; i < extrapolated.length; i++) {
                String[] pair = firstAndSecond.get(i);
                extrapolated[i] = extrapolate(pair[0], pair[1], index * (int) (intervalMillis / 1000) / CAPTURE_GAP_SECONDS);
            }
            return extrapolated;
        });
        long timestamp = startMillis + scrapeIndex * intervalMillis + target * 37L;
        return new Scrape(labelsByTarget.get(target), timestamp, values.clone());
    }

    private static double extrapolate(String first, String second, int steps) {
        if (first.equals(second)) {
            return parseValue(first);
        }
        try {
            BigDecimal a = new BigDecimal(first);
            BigDecimal b = new BigDecimal(second);
            return Double.parseDouble(a.add(b.subtract(a).multiply(BigDecimal.valueOf(steps))).toString());
        } catch (NumberFormatException e) {
            return parseValue(second);
        }
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** Just enough of the text format for these files: one sample per line, no timestamps. */
    private static Map<Labels, String> parse(String resource) {
        Map<Labels, String> samples = new LinkedHashMap<>();
        try (InputStream in = NodeExporterData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.lastIndexOf(' ');
                Labels.Builder labels = Labels.builder();
                if (brace >= 0) {
                    labels.set(Labels.METRIC_NAME, line.substring(0, brace));
                    parseLabels(line.substring(brace + 1, line.lastIndexOf('}')), labels);
                } else {
                    labels.set(Labels.METRIC_NAME, line.substring(0, space));
                }
                samples.put(labels.build(), line.substring(space + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    private static void parseLabels(String body, Labels.Builder labels) {
        int position = 0;
        while (position < body.length()) {
            int equals = body.indexOf('=', position);
            String name = body.substring(position, equals);
            StringBuilder value = new StringBuilder();
            int i = equals + 2;
            while (body.charAt(i) != '"') {
                char c = body.charAt(i);
                if (c == '\\') {
                    char next = body.charAt(++i);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                i++;
            }
            labels.set(name, value.toString());
            position = i + 1;
            if (position < body.length() && body.charAt(position) == ',') {
                position++;
            }
        }
    }
}
