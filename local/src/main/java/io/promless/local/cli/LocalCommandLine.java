package io.promless.local.cli;

import static java.util.Objects.requireNonNull;

import io.promless.errors.PromlessException;
import io.promless.local.LocalImport;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The main method's logic, apart from {@code System.exit}: parse the flags, print help,
 * the version or an error, or hand the flags to the launcher. Exit codes follow Prometheus:
 * 0 after help or version, 2 for a bad command line.
 */
public final class LocalCommandLine {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_FLAGS = 2;
    /** The first word of the backfill command: {@code promless import openmetrics FILE}. */
    public static final String IMPORT_COMMAND = "import";

    private LocalCommandLine() {}

    /**
     * Runs the command line; {@code launcher} receives the flags when there is something to run
     * and returns when the process should exit (it may block while serving).
     */
    public static int run(List<String> args, PrintStream out, PrintStream err, String version, Consumer<LocalFlags> launcher) {
        return run(args, out, err, version, launcher, arguments -> LocalImport.run(arguments, out));
    }

    /**
     * As {@link #run(List, PrintStream, PrintStream, String, Consumer)}, with the backfill
     * command ({@code import openmetrics FILE}) handed to {@code importer}; exit code 1 when the
     * import fails (the message names the file and line).
     */
    public static int run(List<String> args, PrintStream out, PrintStream err, String version, Consumer<LocalFlags> launcher,
            Consumer<ImportArguments> importer) {
        requireNonNull(args, "args is null");
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
        requireNonNull(launcher, "launcher is null");
        requireNonNull(importer, "importer is null");
        if (!args.isEmpty() && IMPORT_COMMAND.equals(args.get(0))) {
            return runImport(args.subList(1, args.size()), out, err, importer);
        }
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

    private static int runImport(List<String> args, PrintStream out, PrintStream err, Consumer<ImportArguments> importer) {
        Optional<ImportArguments> arguments;
        try {
            arguments = ImportArguments.parse(args);
        } catch (FlagException e) {
            err.println("promless: error: " + e.getMessage() + ", try promless import --help");
            return EXIT_BAD_FLAGS;
        }
        if (arguments.isEmpty()) {
            out.print(ImportArguments.usage());
            return EXIT_OK;
        }
        try {
            importer.accept(arguments.get());
        } catch (PromlessException e) {
            err.println("promless: import failed: " + e.getMessage());
            return EXIT_FAILURE;
        }
        return EXIT_OK;
    }

    /** The version from the jar's manifest (Implementation-Version), or null in a development build. */
    public static String manifestVersion() {
        return LocalCommandLine.class.getPackage().getImplementationVersion();
    }
}
