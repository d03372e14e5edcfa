package io.promless.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockStore;
import io.promless.blocks.query.BlockQueryable;
import io.promless.local.cli.LocalCommandLine;
import io.promless.local.objects.FileObjectStore;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.Labels;
import io.promless.model.labels.MatchType;
import io.promless.promql.engine.PromqlEngine;
import io.promless.promql.engine.QueryResult;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import io.promless.tsdb.head.HeadQueryable;
import io.promless.tsdb.head.InMemoryHeadStore;
import io.promless.tsdb.head.SegmentHeadWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code promless import openmetrics FILE}: the command writes blocks into the local storage,
 * PromQL over those blocks answers as over a head holding the same samples, and the stored
 * samples are exactly those promtool's {@code tsdb create-blocks-from openmetrics} stores.
 */
class ImportCommandEndToEndTest {
    private static final long HOUR = 3_600_000L;
    /** 2026-01-01T00:00:00Z plus 7.3 s, so no sample sits on a round boundary. */
    private static final long START = 1_767_225_600_000L + 7_300;
    private static final long END = START + 5 * HOUR;
    private static final long STEP = 15_000;

    @TempDir
    Path directory;

    private Path file;
    private Path storage;
    private List<Series> generated;

    @BeforeEach
    void writeOpenMetricsFile() throws IOException {
        storage = directory.resolve("data");
        file = directory.resolve("history.om");
        generated = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        text.append("# TYPE http_requests counter\n# HELP http_requests Requests.\n");
        for (String code : List.of("200", "404", "500")) {
            family(text, Labels.of("__name__", "http_requests_total", "code", code, "job", "api"),
                    (i) -> (double) (i * (code.length() + code.charAt(0) - '0') % 100_000));
        }
        text.append("# TYPE request_seconds histogram\n");
        String[] bounds = {"0.1", "0.5", "1.0", "+Inf"};
        for (int b = 0; b < bounds.length; b++) {
            int bucket = b;
            family(text, Labels.of("__name__", "request_seconds_bucket", "job", "api", "le", bounds[b]),
                    (i) -> (double) (i * (bucket + 1)));
        }
        family(text, Labels.of("__name__", "request_seconds_count", "job", "api"), (i) -> (double) (i * 4));
        family(text, Labels.of("__name__", "request_seconds_sum", "job", "api"), (i) -> i * 1.25);
        text.append("# TYPE temperature_celsius gauge\n");
        family(text, Labels.of("__name__", "temperature_celsius", "room", "lab"), (i) -> 20 + Math.sin(i / 40.0) * 3.5);
        text.append("# EOF\n");
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void family(StringBuilder text, Labels labels, java.util.function.IntFunction<Double> value) {
        List<Long> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        int i = 0;
        for (long t = START; t < END; t += STEP, i++) {
            double v = Math.round(value.apply(i) * 1000) / 1000.0;
            text.append(exposition(labels)).append(' ').append(v).append(' ')
                    .append(String.format("%d.%03d", t / 1000, t % 1000)).append('\n');
            times.add(t);
            values.add(v);
        }
        generated.add(new Series(labels, times.stream().mapToLong(Long::longValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    private static String exposition(Labels labels) {
        StringBuilder text = new StringBuilder(labels.metricName()).append('{');
        labels.forEach((name, value) -> {
            if (!name.equals("__name__")) {
                text.append(text.charAt(text.length() - 1) == '{' ? "" : ",").append(name).append("=\"").append(value).append('"');
            }
        });
        return text.append('}').toString();
    }

    @Test
    void importedBlocksAnswerPromqlAsAHeadWithTheSameSamples() {
        Output output = runCommand("import", "openmetrics", file.toString(), "--storage.tsdb.path=" + storage);
        assertThat(output.exitCode).as(output.err).isZero();
        assertThat(output.out).contains("imported " + (generated.size() * (5 * HOUR / STEP)) + " samples into 3 blocks");

        FileObjectStore objects = new FileObjectStore(storage.resolve("objects"));
        BlockQueryable blocks = new BlockQueryable(new BlockIndex(objects), new BlockStore(objects));
        InMemoryHeadStore headStore = new InMemoryHeadStore();
        new SegmentHeadWriter(headStore).write("all", generated);
        HeadQueryable head = new HeadQueryable(headStore);
        PromqlEngine engine = new PromqlEngine();

        List<String> queries = List.of(
                "http_requests_total",
                "rate(http_requests_total[5m])",
                "sum by (job) (rate(http_requests_total{code=~\"4..|5..\"}[10m]))",
                "histogram_quantile(0.9, sum by (le) (rate(request_seconds_bucket[5m])))",
                "max_over_time(temperature_celsius[1h])",
                "avg_over_time(deriv(temperature_celsius[10m])[30m:1m])",
                "increase(request_seconds_count[2h]) / increase(request_seconds_sum[2h])");
        for (String query : queries) {
            for (long time : new long[] {START + 30 * 60_000 + 1, START + 2 * HOUR + 3_000, END - 1}) {
                QueryResult fromBlocks = engine.instantQueryWithAnnotations(blocks, query, time);
                QueryResult fromHead = engine.instantQueryWithAnnotations(head, query, time);
                assertThat(fromBlocks.value()).as("%s at %d", query, time).isEqualTo(fromHead.value());
                assertThat(fromBlocks.warnings()).isEmpty();
            }
            List<Series> rangeFromBlocks = matrix(engine.rangeQueryWithAnnotations(blocks, query, START, END, 60_000));
            List<Series> rangeFromHead = matrix(engine.rangeQueryWithAnnotations(head, query, START, END, 60_000));
            assertThat(rangeFromBlocks).extracting(Series::labels).as("range %s", query)
                    .containsExactlyElementsOf(rangeFromHead.stream().map(Series::labels).toList()).isNotEmpty();
            for (int i = 0; i < rangeFromHead.size(); i++) {
                assertThat(rangeFromBlocks.get(i).timestamps()).as("range %s", query).isEqualTo(rangeFromHead.get(i).timestamps());
                assertThat(rangeFromBlocks.get(i).values()).as("range %s", query).isEqualTo(rangeFromHead.get(i).values());
            }
        }
    }

    @Test
    void theStoredSamplesAreThoseThatPromtoolStores() throws Exception {
        assertThat(runCommand("import", "openmetrics", file.toString(), storage.toString()).exitCode).isZero();
        Path promtoolOutput = directory.resolve("promtool");
        run(List.of("promtool", "tsdb", "create-blocks-from", "openmetrics", file.toString(), promtoolOutput.toString()));
        Files.createDirectories(promtoolOutput.resolve("wal"));
        String dump = run(List.of("promtool", "tsdb", "dump", promtoolOutput.toString()));

        Set<String> promtoolSamples = new HashSet<>();
        Pattern line = Pattern.compile("^\\{(.*)\\} (\\S+) (-?\\d+)$");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (String text : dump.split("\n")) {
            Matcher matcher = line.matcher(text);
            assertThat(matcher.matches()).as("dump line %s", text).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            Matcher pair = label.matcher(matcher.group(1));
            while (pair.find()) {
                labels.put(pair.group(1), pair.group(2));
            }
            promtoolSamples.add(key(Labels.fromMap(labels), Long.parseLong(matcher.group(3)), Double.parseDouble(matcher.group(2))));
        }

        FileObjectStore objects = new FileObjectStore(storage.resolve("objects"));
        Set<String> promlessSamples = new HashSet<>();
        try (Querier querier = new BlockQueryable(new BlockIndex(objects), new BlockStore(objects)).querier(START - HOUR, END + HOUR)) {
            for (Series series : querier.select(List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+")))) {
                for (int i = 0; i < series.size(); i++) {
                    promlessSamples.add(key(series.labels(), series.timestamps()[i], series.values()[i]));
                }
            }
        }
        assertThat(promlessSamples).hasSize(generated.size() * (int) (5 * HOUR / STEP));
        assertThat(promlessSamples).isEqualTo(promtoolSamples);
    }

    @Test
    void aDamagedImportedBlockBecomesAWarningAndTheOtherBlocksStillAnswer() {
        assertThat(runCommand("import", "openmetrics", file.toString(), "--storage.tsdb.path", storage.toString()).exitCode).isZero();
        FileObjectStore objects = new FileObjectStore(storage.resolve("objects"));
        BlockIndex index = new BlockIndex(objects);
        BlockMeta damaged = index.blocks().get(1);
        objects.delete(BlockStore.dataKey(damaged.id()));

        QueryResult result = new PromqlEngine().rangeQueryWithAnnotations(
                new BlockQueryable(index, new BlockStore(objects)), "temperature_celsius", START, END, 60_000);

        assertThat(result.warnings()).singleElement().asString().contains("block " + damaged.id()).contains("missing");
        Series series = ((io.promless.promql.value.MatrixValue) result.value()).series().get(0);
        List<Long> times = java.util.Arrays.stream(series.timestamps()).boxed().toList();
        assertThat(times).isNotEmpty()
                .noneMatch(t -> t >= damaged.minTime() + 5 * 60_000 && t < damaged.maxTime())
                .anyMatch(t -> t < damaged.minTime())
                .anyMatch(t -> t >= damaged.maxTime());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-timestamp", "syntax"})
    void aBadFileFailsWithItsNameAndLineAndWritesNothing(String problem) throws IOException {
        Path bad = directory.resolve("bad.om");
        Files.writeString(bad, problem.equals("no-timestamp")
                ? "# TYPE up gauge\nup 1 1767225600\nup 1\n# EOF\n"
                : "# TYPE up gauge\nup 1 1767225600\nup{ 1 1767225615\n# EOF\n");
        Output output = runCommand("import", "openmetrics", bad.toString(), "--storage.tsdb.path=" + storage);
        assertThat(output.exitCode).isEqualTo(LocalCommandLine.EXIT_FAILURE);
        assertThat(output.err).contains("promless: import failed: " + bad + ":3:");
        assertThat(new BlockIndex(new FileObjectStore(storage.resolve("objects"))).blocks()).isEmpty();
    }

    @Test
    void badCommandLinesAreRefusedWithExitCodeTwo() {
        assertThat(runCommand("import").exitCode).isEqualTo(LocalCommandLine.EXIT_BAD_FLAGS);
        assertThat(runCommand("import", "csv", "x").err).contains("unknown import format \"csv\"");
        assertThat(runCommand("import", "openmetrics").err).contains("needs the file");
        assertThat(runCommand("import", "openmetrics", "f", "--nope").exitCode).isEqualTo(LocalCommandLine.EXIT_BAD_FLAGS);
        Output help = runCommand("import", "--help");
        assertThat(help.exitCode).isZero();
        assertThat(help.out).startsWith("usage: promless import openmetrics <file>");
    }

    private static List<Series> matrix(QueryResult result) {
        return ((io.promless.promql.value.MatrixValue) result.value()).series();
    }

    private static String key(Labels labels, long timestamp, double value) {
        return labels + "@" + timestamp + "=" + Double.doubleToLongBits(value);
    }

    private record Output(int exitCode, String out, String err) {}

    private static Output runCommand(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = LocalCommandLine.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "test", flags -> {
                    throw new AssertionError("the import must not start the server");
                });
        return new Output(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, stderr).isZero();
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
