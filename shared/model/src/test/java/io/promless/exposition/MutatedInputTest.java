package io.promless.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a clear error, never a crash: seeded random mutations of every conformance input
 * must either parse or throw {@link ExpositionException}, in all three parsers.
 */
class MutatedInputTest {
    private static final byte[] INTERESTING = "{}\"\\\n #=,.+-eE0123456789aZ_:\t\r".getBytes();

    private static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(
                Files.walk(Conformance.directory("openmetrics").resolve("testdata/parsers")),
                Files.walk(Conformance.directory("exposition")))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".json") && !name.equals("README.md") && !name.startsWith("protobuf")) {
                    seeds.add(Files.readAllBytes(file));
                }
            }
        }
        return seeds;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] body = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && body.length > 0; e++) {
            int at = random.nextInt(body.length);
            byte replacement = random.nextInt(5) == 0
                    ? (byte) random.nextInt(256)
                    : INTERESTING[random.nextInt(INTERESTING.length)];
            switch (random.nextInt(4)) {
                case 0 -> body[at] = replacement;
                case 1 -> {
                    byte[] shorter = new byte[body.length - 1];
                    System.arraycopy(body, 0, shorter, 0, at);
                    System.arraycopy(body, at + 1, shorter, at, body.length - at - 1);
                    body = shorter;
                }
                case 2 -> {
                    byte[] longer = new byte[body.length + 1];
                    System.arraycopy(body, 0, longer, 0, at);
                    longer[at] = replacement;
                    System.arraycopy(body, at, longer, at + 1, body.length - at);
                    body = longer;
                }
                default -> body = java.util.Arrays.copyOf(body, at);
            }
        }
        return body;
    }

    @Test
    void everyMutationParsesOrFailsWithAnExpositionException() throws IOException {
        List<byte[]> seeds = seeds();
        List<ExpositionParser> parsers = List.of(
                new PrometheusTextParser(), OpenMetricsParser.strict(), OpenMetricsParser.prometheusCompatible());
        Random random = new Random(7);
        int parsed = 0;
        int rejected = 0;
        List<String> crashes = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            byte[] body = mutate(seeds.get(random.nextInt(seeds.size())), random);
            for (ExpositionParser parser : parsers) {
                try {
                    parser.parse(body, new RecordingHandler());
                    parsed++;
                } catch (ExpositionException e) {
                    assertThat(e.getMessage()).startsWith("line ");
                    rejected++;
                } catch (RuntimeException e) {
                    crashes.add(parser.getClass().getSimpleName() + ": " + e + " on " + new String(body));
                }
            }
        }
        assertThat(crashes).isEmpty();
        assertThat(parsed).isPositive();
        assertThat(rejected).isPositive();
    }
}
