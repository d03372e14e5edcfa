package io.promless.local;

import io.promless.config.ConfigException;
import io.promless.local.cli.LocalCommandLine;
import io.promless.local.cli.LocalFlags;
import io.promless.rules.file.RuleFileException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/** {@code bin/promless}: every function in one JVM with local adapters, until interrupted. */
public final class PromlessLocal {
    private static final Logger LOG = Logger.getLogger(PromlessLocal.class.getName());

    private PromlessLocal() {}

    /** Exit code when the configuration or a rule file cannot be loaded, as Prometheus's. */
    static final int EXIT_BAD_CONFIG = 1;

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = LocalCommandLine.run(List.of(args), System.out, System.err,
                    LocalCommandLine.manifestVersion(), PromlessLocal::runUntilStopped);
        } catch (ConfigException | RuleFileException e) {
            // A bad prometheus.yml or rule file is the user's to fix: say what and where, no stack trace.
            System.err.println("promless: error loading configuration: " + e.getMessage());
            exitCode = EXIT_BAD_CONFIG;
        }
        if (exitCode != LocalCommandLine.EXIT_OK) {
            System.exit(exitCode);
        }
    }

    private static void runUntilStopped(LocalFlags flags) {
        LocalPromless promless = LocalPromless.start(flags);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            promless.close();
            stopped.countDown();
        }, "promless-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
