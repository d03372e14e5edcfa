package io.promless.local;

import io.promless.local.cli.LocalCommandLine;
import io.promless.local.cli.LocalFlags;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/** {@code bin/promless}: every function in one JVM with local adapters, until interrupted. */
public final class PromlessLocal {
    private static final Logger LOG = Logger.getLogger(PromlessLocal.class.getName());

    private PromlessLocal() {}

    public static void main(String[] args) {
        int exitCode = LocalCommandLine.run(List.of(args), System.out, System.err,
                LocalCommandLine.manifestVersion(), PromlessLocal::runUntilStopped);
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
