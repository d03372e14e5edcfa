package io.promless.local.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code promless import openmetrics FILE [--storage.tsdb.path=DIR]}: the backfill command, shaped
 * like {@code promtool tsdb create-blocks-from openmetrics FILE [DIR]} (the output directory may
 * also be given as a second argument, as promtool takes it).
 */
public record ImportArguments(Path file, Path storagePath) {
    public ImportArguments {
        requireNonNull(file, "file is null");
        requireNonNull(storagePath, "storagePath is null");
    }

    /** The {@code --help} text of the import command. */
    public static String usage() {
        return """
                usage: promless import openmetrics <file> [<flags>]

                Import samples from an OpenMetrics text file (every sample with a timestamp) into
                blocks, one per 2 h window, written straight to the local storage and indexed.
                Like promtool tsdb create-blocks-from openmetrics.

                Flags:
                  -h, --help                     Show this help.
                      --storage.tsdb.path="data/"
                                                 Base path for metrics storage (the blocks go under
                                                 <path>/objects/blocks/).
                """;
    }

    /**
     * Parses the words after {@code import}; an empty result means help was asked for.
     *
     * @throws FlagException for anything else than one format, one file and the storage path
     */
    public static java.util.Optional<ImportArguments> parse(List<String> args) {
        requireNonNull(args, "args is null");
        Path storagePath = LocalFlags.defaults().storagePath();
        boolean storageSeen = false;
        String format = null;
        String file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = requireNonNull(args.get(i), "an argument is null");
            if (arg.equals("--help") || arg.equals("-h")) {
                return java.util.Optional.empty();
            }
            if (arg.startsWith("--storage.tsdb.path")) {
                String value;
                if (arg.startsWith("--storage.tsdb.path=")) {
                    value = arg.substring("--storage.tsdb.path=".length());
                } else if (arg.equals("--storage.tsdb.path") && i + 1 < args.size()) {
                    value = args.get(++i);
                } else if (arg.equals("--storage.tsdb.path")) {
                    throw new FlagException("expected argument for flag '--storage.tsdb.path'");
                } else {
                    throw new FlagException("unknown long flag '" + arg + "' for import");
                }
                if (storageSeen) {
                    throw new FlagException("flag '--storage.tsdb.path' cannot be repeated");
                }
                storageSeen = true;
                storagePath = path(value, "--storage.tsdb.path");
            } else if (arg.startsWith("-") && arg.length() > 1) {
                throw new FlagException("unknown flag '" + arg + "' for import (it takes --storage.tsdb.path)");
            } else if (format == null) {
                format = arg;
            } else if (file == null) {
                file = arg;
            } else if (!storageSeen) {
                // promtool's optional output directory argument.
                storageSeen = true;
                storagePath = path(arg, "output directory");
            } else {
                throw new FlagException("unexpected " + arg + " (import takes a format, a file and a storage path)");
            }
        }
        if (format == null) {
            throw new FlagException("import needs a format and a file: promless import openmetrics <file>");
        }
        if (!format.equals("openmetrics")) {
            throw new FlagException("unknown import format \"" + format + "\" (Promless imports openmetrics)");
        }
        if (file == null) {
            throw new FlagException("import openmetrics needs the file to import");
        }
        return java.util.Optional.of(new ImportArguments(path(file, "file"), storagePath));
    }

    private static Path path(String value, String what) {
        if (value.isEmpty()) {
            throw new FlagException("the " + what + " is empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new FlagException("\"" + value + "\" is not a valid path for the " + what + ": " + e.getReason(), e);
        }
    }
}
