package io.promless.local.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The flags of the local all-in-one mode, spelled and defaulted as Prometheus's own so a
 * Prometheus user's command lines carry over ({@code --config.file=prometheus.yml} or
 * {@code --config.file prometheus.yml}). One deliberate difference: Promless listens on
 * 127.0.0.1:9090 by default, not 0.0.0.0:9090, so a first run is not reachable from the network.
 */
public record LocalFlags(Path configFile, Path storagePath, Duration retention, ListenAddress listenAddress, LogLevel logLevel) {
    /** Prometheus's default retention, also used when the flag is 0 (as Prometheus does). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(15);
    public static final ListenAddress DEFAULT_LISTEN_ADDRESS = new ListenAddress("127.0.0.1", 9090);

    public LocalFlags {
        requireNonNull(configFile, "configFile is null");
        requireNonNull(storagePath, "storagePath is null");
        requireNonNull(retention, "retention is null");
        requireNonNull(listenAddress, "listenAddress is null");
        requireNonNull(logLevel, "logLevel is null");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention is negative: " + retention);
        }
    }

    public static LocalFlags defaults() {
        return new LocalFlags(Path.of("prometheus.yml"), Path.of("data/"), DEFAULT_RETENTION, DEFAULT_LISTEN_ADDRESS, LogLevel.INFO);
    }

    /** The flags Promless takes, with Prometheus's names. */
    enum Flag {
        CONFIG_FILE("config.file", "\"prometheus.yml\"", "Prometheus configuration file path."),
        STORAGE_TSDB_PATH("storage.tsdb.path", "\"data/\"", "Base path for metrics storage."),
        STORAGE_TSDB_RETENTION_TIME("storage.tsdb.retention.time", "15d",
                "How long to retain samples in storage (a Prometheus duration such as 15d or 12h; 0 means the default, 15d)."),
        WEB_LISTEN_ADDRESS("web.listen-address", "\"127.0.0.1:9090\"",
                "Address to listen on for the API and telemetry. Unlike Prometheus (0.0.0.0:9090), Promless listens on loopback only"
                        + " by default; pass 0.0.0.0:9090 to accept connections from other machines."),
        LOG_LEVEL("log.level", "info", "Only log messages with the given severity or above. One of: [debug, info, warn, error].");

        final String name;
        final String defaultText;
        final String help;

        Flag(String name, String defaultText, String help) {
            this.name = name;
            this.defaultText = defaultText;
            this.help = help;
        }

        static Flag byName(String name) {
            for (Flag flag : values()) {
                if (flag.name.equals(name)) {
                    return flag;
                }
            }
            return null;
        }
    }

    // Prometheus flags a user may well pass that the local mode does not implement: named as such
    // in the error, so nobody wonders whether they mistyped.
    private static final Set<String> PROMETHEUS_ONLY_FLAGS = Set.of(
            "web.enable-lifecycle", "web.enable-admin-api", "web.enable-remote-write-receiver", "web.external-url",
            "web.route-prefix", "web.config.file", "web.read-timeout", "web.max-connections", "web.page-title",
            "web.console.templates", "web.console.libraries", "web.cors.origin", "storage.tsdb.retention",
            "storage.tsdb.retention.size", "storage.tsdb.no-lockfile", "storage.tsdb.wal-compression", "storage.agent.path",
            "query.timeout", "query.max-concurrency", "query.max-samples", "query.lookback-delta", "log.format",
            "enable-feature", "agent", "rules.alert.for-outage-tolerance", "rules.alert.for-grace-period",
            "alertmanager.notification-queue-capacity", "scrape.adjust-timestamps");

    /**
     * Reads a command line. {@code --help}/{@code -h} and {@code --version} win over other flags,
     * as in Prometheus. Throws {@link FlagException} for unknown, repeated, valueless or invalid flags.
     */
    public static LocalCommand parse(List<String> args) {
        requireNonNull(args, "args is null");
        Path configFile = defaults().configFile();
        Path storagePath = defaults().storagePath();
        Duration retention = DEFAULT_RETENTION;
        ListenAddress listenAddress = DEFAULT_LISTEN_ADDRESS;
        LogLevel logLevel = LogLevel.INFO;
        Set<Flag> seen = EnumSet.noneOf(Flag.class);
        boolean help = false;
        boolean version = false;

        for (int i = 0; i < args.size(); i++) {
            String arg = requireNonNull(args.get(i), "an argument is null");
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (arg.equals("--version")) {
                version = true;
                continue;
            }
            if (arg.equals("--")) {
                if (i + 1 < args.size()) {
                    throw new FlagException("unexpected " + args.get(i + 1) + " (Promless takes no arguments, only flags)");
                }
                break;
            }
            if (!arg.startsWith("--")) {
                if (arg.startsWith("-") && arg.length() > 1) {
                    throw new FlagException("unknown short flag '" + arg + "'");
                }
                throw new FlagException("unexpected " + arg + " (Promless takes no arguments, only flags)");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            Flag flag = Flag.byName(name);
            if (flag == null) {
                if (PROMETHEUS_ONLY_FLAGS.contains(name)) {
                    throw new FlagException("flag '--" + name + "' is a Prometheus flag that Promless's local mode does not support");
                }
                throw new FlagException("unknown long flag '--" + name + "'");
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new FlagException("expected argument for flag '--" + name + "'");
            }
            if (!seen.add(flag)) {
                throw new FlagException("flag '--" + name + "' cannot be repeated");
            }
            try {
                switch (flag) {
                    case CONFIG_FILE -> configFile = path(value);
                    case STORAGE_TSDB_PATH -> storagePath = path(value);
                    case STORAGE_TSDB_RETENTION_TIME -> {
                        Duration parsed = PrometheusDuration.parse(value);
                        retention = parsed.isZero() ? DEFAULT_RETENTION : parsed;
                    }
                    case WEB_LISTEN_ADDRESS -> listenAddress = ListenAddress.parse(value);
                    case LOG_LEVEL -> logLevel = LogLevel.parse(value);
                }
            } catch (IllegalArgumentException e) {
                throw new FlagException("invalid value for flag '--" + name + "': " + e.getMessage(), e);
            }
        }
        if (help) {
            return new LocalCommand.ShowHelp();
        }
        if (version) {
            return new LocalCommand.ShowVersion();
        }
        return new LocalCommand.Run(new LocalFlags(configFile, storagePath, retention, listenAddress, logLevel));
    }

    public static LocalCommand parse(String... args) {
        return parse(List.of(args));
    }

    /** The {@code --help} text, laid out like Prometheus's. */
    public static String usage() {
        StringBuilder text = new StringBuilder();
        text.append("usage: promless [<flags>]\n       promless import openmetrics <file> [--storage.tsdb.path=<dir>]\n\n");
        text.append("Promless, Prometheus without servers: the local all-in-one mode\n(scrape, ingest, storage and the query API in one process).\n\n");
        text.append("Flags:\n");
        appendFlag(text, "-h, --help", "Show this help.");
        appendFlag(text, "    --version", "Show application version.");
        for (Flag flag : Flag.values()) {
            appendFlag(text, "    --" + flag.name + "=" + flag.defaultText, flag.help);
        }
        return text.toString();
    }

    /** The {@code --version} text, in Prometheus's layout. */
    public static String versionText(String version) {
        return "promless, version " + (version == null ? "unknown (development build)" : version) + "\n"
                + "  java version:     " + System.getProperty("java.version") + "\n"
                + "  platform:         " + System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/"
                + System.getProperty("os.arch") + "\n";
    }

    private static final int HELP_COLUMN = 33;
    private static final int LINE_WIDTH = 80;

    private static void appendFlag(StringBuilder text, String spec, String help) {
        String first = "  " + spec;
        text.append(first);
        int column = first.length();
        if (column + 2 > HELP_COLUMN) {
            text.append('\n');
            column = 0;
        }
        text.append(" ".repeat(HELP_COLUMN - column));
        int lineLength = HELP_COLUMN;
        boolean lineStart = true;
        for (String word : help.split(" ")) {
            if (!lineStart && lineLength + 1 + word.length() > LINE_WIDTH) {
                text.append('\n').append(" ".repeat(HELP_COLUMN));
                lineLength = HELP_COLUMN;
                lineStart = true;
            }
            if (!lineStart) {
                text.append(' ');
                lineLength++;
            }
            text.append(word);
            lineLength += word.length();
            lineStart = false;
        }
        text.append('\n');
    }

    private static Path path(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the path is empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not a valid path: " + e.getReason(), e);
        }
    }
}
