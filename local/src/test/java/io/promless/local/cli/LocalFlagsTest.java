package io.promless.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LocalFlagsTest {

    @Test
    void defaultsArePrometheusDefaultsExceptTheLoopbackListenAddress() {
        LocalFlags flags = run();
        assertThat(flags.configFile()).isEqualTo(Path.of("prometheus.yml"));
        assertThat(flags.storagePath()).isEqualTo(Path.of("data/"));
        assertThat(flags.retention()).isEqualTo(Duration.ofDays(15));
        assertThat(flags.listenAddress()).isEqualTo(new ListenAddress("127.0.0.1", 9090));
        assertThat(flags.logLevel()).isEqualTo(LogLevel.INFO);
        assertThat(flags).isEqualTo(LocalFlags.defaults());
    }

    @Test
    void takesValuesAfterAnEqualsSignOrAsTheNextArgument() {
        LocalFlags flags = run(
                "--config.file=/etc/prometheus/prometheus.yml",
                "--storage.tsdb.path", "/var/lib/promless",
                "--storage.tsdb.retention.time=30d",
                "--web.listen-address", "0.0.0.0:9191",
                "--log.level=debug");
        assertThat(flags).isEqualTo(new LocalFlags(
                Path.of("/etc/prometheus/prometheus.yml"), Path.of("/var/lib/promless"), Duration.ofDays(30),
                new ListenAddress("0.0.0.0", 9191), LogLevel.DEBUG));
    }

    @Test
    void aValueMayContainAnEqualsSignOrStartWithADash() {
        assertThat(run("--config.file=a=b.yml").configFile()).isEqualTo(Path.of("a=b.yml"));
        assertThat(run("--config.file", "-odd.yml").configFile()).isEqualTo(Path.of("-odd.yml"));
    }

    @Test
    void zeroRetentionMeansTheDefaultAsInPrometheus() {
        assertThat(run("--storage.tsdb.retention.time=0").retention()).isEqualTo(Duration.ofDays(15));
        assertThat(run("--storage.tsdb.retention.time=1h30m").retention()).isEqualTo(Duration.ofMinutes(90));
    }

    static Stream<Arguments> logLevels() {
        return Stream.of(
                Arguments.of("debug", LogLevel.DEBUG, java.util.logging.Level.FINE),
                Arguments.of("info", LogLevel.INFO, java.util.logging.Level.INFO),
                Arguments.of("warn", LogLevel.WARN, java.util.logging.Level.WARNING),
                Arguments.of("error", LogLevel.ERROR, java.util.logging.Level.SEVERE));
    }

    @ParameterizedTest(name = "--log.level={0}")
    @MethodSource("logLevels")
    void logLevelsMapToJavaUtilLogging(String text, LogLevel level, java.util.logging.Level julLevel) {
        assertThat(run("--log.level=" + text).logLevel()).isEqualTo(level);
        assertThat(level.julLevel()).isEqualTo(julLevel);
    }

    @Test
    void helpAndVersionWinOverOtherFlags() {
        assertThat(LocalFlags.parse("--config.file=x.yml", "--help")).isEqualTo(new LocalCommand.ShowHelp());
        assertThat(LocalFlags.parse("-h")).isEqualTo(new LocalCommand.ShowHelp());
        assertThat(LocalFlags.parse("--version")).isEqualTo(new LocalCommand.ShowVersion());
        assertThat(LocalFlags.parse("--")).isEqualTo(new LocalCommand.Run(LocalFlags.defaults()));
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(List.of("--foo"), "unknown long flag '--foo'"),
                Arguments.of(List.of("--foo=bar"), "unknown long flag '--foo'"),
                Arguments.of(List.of("-x"), "unknown short flag '-x'"),
                Arguments.of(List.of("prometheus.yml"), "unexpected prometheus.yml"),
                Arguments.of(List.of("--", "extra"), "unexpected extra"),
                Arguments.of(List.of("--web.enable-lifecycle"), "Prometheus flag that Promless's local mode does not support"),
                Arguments.of(List.of("--config.file"), "expected argument for flag '--config.file'"),
                Arguments.of(List.of("--config.file="), "invalid value for flag '--config.file': the path is empty"),
                Arguments.of(List.of("--config.file=a", "--config.file=b"), "flag '--config.file' cannot be repeated"),
                Arguments.of(List.of("--storage.tsdb.retention.time=abc"), "not a valid duration string: \"abc\""),
                Arguments.of(List.of("--log.level=verbose"), "unrecognized log level \"verbose\""),
                Arguments.of(List.of("--log.level=INFO"), "unrecognized log level \"INFO\""),
                Arguments.of(List.of("--web.listen-address=9090"), "has no port"),
                Arguments.of(List.of("--web.listen-address=:99999"), "outside 0-65535"),
                Arguments.of(List.of("--config.file=a\0b"), "not a valid path"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCommandLines")
    void badCommandLinesGetAClearError(List<String> args, String message) {
        assertThatThrownBy(() -> LocalFlags.parse(args))
                .isInstanceOf(FlagException.class)
                .hasMessageContaining(message);
    }

    @Test
    void usageListsEveryFlagWithItsDefault() {
        String usage = LocalFlags.usage();
        assertThat(usage).startsWith("usage: promless [<flags>]\n");
        assertThat(usage)
                .contains("--config.file=\"prometheus.yml\"")
                .contains("--storage.tsdb.path=\"data/\"")
                .contains("--storage.tsdb.retention.time=15d")
                .contains("--web.listen-address=\"127.0.0.1:9090\"")
                .contains("--log.level=info")
                .contains("loopback only")
                .contains("--version");
        assertThat(usage.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    private static LocalFlags run(String... args) {
        LocalCommand command = LocalFlags.parse(args);
        assertThat(command).isInstanceOf(LocalCommand.Run.class);
        return ((LocalCommand.Run) command).flags();
    }
}
