package io.promless.local.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The main method's logic, apart from {@code System.exit}: parse the flags, print help,
 * the version or an error, or hand the flags to the launcher. Exit codes follow Prometheus:
 * 0 after help or version, 2 for a bad command line.
 */
public final class LocalCommandLine {
    public static final int EXIT_OK = 0;
    public static final int EXIT_BAD_FLAGS = 2;

    private LocalCommandLine() {}

    /**
     * Runs the command line; {@code launcher} receives the flags when there is something to run
     * and returns when the process should exit (it may block while serving).
     */
    public static int run(List<String> args, PrintStream out, PrintStream err, String version, Consumer<LocalFlags> launcher) {
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
        requireNonNull(launcher, "launcher is null");
        LocalCommand command;
        try {
            command = LocalFlags.parse(args);
        } catch (FlagException e) {
            err.println("promless: error: " + e.getMessage() + ", try --help");
            return EXIT_BAD_FLAGS;
        }
        switch (command) {
            case LocalCommand.ShowHelp help -> out.print(LocalFlags.usage());
            case LocalCommand.ShowVersion showVersion -> out.print(LocalFlags.versionText(version));
            case LocalCommand.Run run -> launcher.accept(run.flags());
        }
        return EXIT_OK;
    }

    /** The version from the jar's manifest (Implementation-Version), or null in a development build. */
    public static String manifestVersion() {
        return LocalCommandLine.class.getPackage().getImplementationVersion();
    }
}
