package io.promless.tsdb.head;

import io.promless.model.labels.Labels;
import io.promless.storage.Series;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realistic head input: two real node_exporter 1.5 scrapes taken 15 s apart on a Debian VM
 * (test resources), extrapolated linearly in exact decimal arithmetic so that scrape k of a
 * 60 s schedule carries the values the exporter would print then (counters keep their
 * decimals, gauges drift the same way). Just enough of a text-format parser for that file.
 */
final class NodeExporterScrapes {
    private static final int CAPTURE_GAP_SECONDS = 15;

    private final Map<Labels, String[]> firstAndSecond;
    private final Map<String, List<Labels>> labelsByInstance = new java.util.HashMap<>();
    private final Map<Integer, double[]> valuesByScrape = new java.util.HashMap<>();

    private NodeExporterScrapes(Map<Labels, String[]> firstAndSecond) {
        this.firstAndSecond = firstAndSecond;
    }

    static NodeExporterScrapes load() {
        Map<Labels, String> first = parse("node-exporter-scrape-1.txt");
        Map<Labels, String> second = parse("node-exporter-scrape-2.txt");
        Map<Labels, String[]> both = new LinkedHashMap<>();
        first.forEach((labels, value) -> both.put(labels, new String[] {value, second.getOrDefault(labels, value)}));
        return new NodeExporterScrapes(both);
    }

    int seriesCount() {
        return firstAndSecond.size();
    }

    /** One scrape of one target at {@code timestamp}, scrape number {@code index} on a 60 s schedule. */
    List<Series> scrape(int index, long timestamp, String instance) {
        List<Labels> labels = labelsByInstance.computeIfAbsent(instance, name -> firstAndSecond.keySet().stream()
                .map(exported -> exported.toBuilder().set("job", "node").set("instance", name).build()).toList());
        double[] values = valuesByScrape.computeIfAbsent(index, k -> firstAndSecond.values().stream()
                .mapToDouble(pair -> extrapolate(pair[0], pair[1], k * 60 / CAPTURE_GAP_SECONDS)).toArray());
        List<Series> scrape = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            scrape.add(new Series(labels.get(i), new long[] {timestamp}, new double[] {values[i]}));
        }
        return scrape;
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

    private static Map<Labels, String> parse(String resource) {
        Map<Labels, String> samples = new LinkedHashMap<>();
        try (InputStream in = NodeExporterScrapes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
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
