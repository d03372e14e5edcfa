package io.promless.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rule unit-test files written for Promless (src/test/resources/promtool-differential), run by
 * Debian's {@code promtool test rules} (Prometheus 2.42) and by {@link RuleTestRunner}: both must
 * give the expected exit code. A passing file pins alert and recording semantics (keep_firing_for,
 * pending alerts starting over, staleness of recorded series, templates, ALERTS_FOR_STATE) to
 * Prometheus's own behaviour.
 */
class PromtoolDifferentialTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            keep-firing-for.yml,     0
            pending-flap.yml,        0
            recording-staleness.yml, 0
            limit-exceeded.yml,      1
            """)
    void promtoolAndPromlessAgree(String file, int expectedExit) throws Exception {
        Path test = resources().resolve(file);
        assertThat(promtool(test)).as("promtool test rules " + file).isEqualTo(expectedExit);
        RuleTestRunner.Result ours = new RuleTestRunner(RuleTestRunner.Options.PROMTOOL).run(test);
        assertThat(ours.exitCode()).as(String.join("\n", ours.errors())).isEqualTo(expectedExit);
    }

    private static Path resources() throws URISyntaxException {
        return Path.of(PromtoolDifferentialTest.class.getResource("/promtool-differential/keep-firing-for.yml").toURI()).getParent();
    }

    private static int promtool(Path test) throws IOException, InterruptedException {
        Path program = Path.of(System.getenv().getOrDefault("PROMLESS_PROMTOOL", "/usr/bin/promtool"));
        assertThat(program).as("promtool from Debian's prometheus package").isExecutable();
        Path log = Files.createTempFile("promtool", ".log");
        try {
            Process process = new ProcessBuilder(List.of(program.toString(), "test", "rules", test.getFileName().toString()))
                    .directory(test.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool did not finish: " + Files.readString(log));
            }
            return process.exitValue();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
