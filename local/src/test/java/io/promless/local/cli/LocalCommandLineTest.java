package io.promless.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalCommandLineTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<LocalFlags> launched = new ArrayList<>();

    private int run(String... args) {
        return LocalCommandLine.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "1.2.3", launched::add);
    }

    @Test
    void launchesWithTheParsedFlags() {
        assertThat(run("--log.level=warn")).isEqualTo(LocalCommandLine.EXIT_OK);
        assertThat(launched).singleElement().extracting(LocalFlags::logLevel).isEqualTo(LogLevel.WARN);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpPrintsUsageAndDoesNotLaunch() {
        assertThat(run("--help")).isEqualTo(LocalCommandLine.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(LocalFlags.usage());
        assertThat(launched).isEmpty();
    }

    @Test
    void versionPrintsTheVersionAndDoesNotLaunch() {
        assertThat(run("--version")).isEqualTo(LocalCommandLine.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("promless, version 1.2.3\n").contains("java version:");
        assertThat(launched).isEmpty();
    }

    @Test
    void badFlagsPrintAnErrorAndExitWithTwo() {
        assertThat(run("--nope")).isEqualTo(LocalCommandLine.EXIT_BAD_FLAGS);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("promless: error: unknown long flag '--nope', try --help" + System.lineSeparator());
        assertThat(launched).isEmpty();
    }

    @Test
    void aDevelopmentBuildSaysItsVersionIsUnknown() {
        assertThat(LocalFlags.versionText(null)).startsWith("promless, version unknown (development build)\n");
    }
}
