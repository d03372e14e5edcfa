package io.promless.rules.unittest;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code promtool test rules} for Promless: {@code bin/promless test rules [--run REGEX]...
 * [--ignore-unknown-fields] FILE...}. Prints each file's outcome as promtool does and exits 0
 * when every file passed, 1 otherwise (2 for a bad command line).
 */
public final class PromtoolTestRules {
    private PromtoolTestRules() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** The command without {@code System.exit}, for tests. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> runPatterns = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        boolean ignoreUnknownFields = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--run") && i + 1 < args.size()) {
                runPatterns.add(args.get(++i));
            } else if (arg.startsWith("--run=")) {
                runPatterns.add(arg.substring("--run=".length()));
            } else if (arg.equals("--ignore-unknown-fields")) {
                ignoreUnknownFields = true;
            } else if (arg.startsWith("--")) {
                err.println("promless test rules: unknown flag " + arg);
                return 2;
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.isEmpty()) {
            err.println("usage: promless test rules [--run REGEX]... [--ignore-unknown-fields] FILE...");
            return 2;
        }
        RuleTestRunner runner = new RuleTestRunner(new RuleTestRunner.Options(true, true, ignoreUnknownFields, runPatterns));
        int exitCode = 0;
        for (Path file : files) {
            out.println("Unit Testing:  " + file);
            RuleTestRunner.Result result = runner.run(file);
            if (result.exitCode() == 0) {
                out.println("  SUCCESS");
                continue;
            }
            exitCode = 1;
            out.println("  FAILED:");
            result.errors().forEach(error -> out.println(error));
        }
        return exitCode;
    }
}
