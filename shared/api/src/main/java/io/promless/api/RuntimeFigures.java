package io.promless.api;

import java.lang.management.ManagementFactory;

/**
 * The process figures of /api/v1/status/runtimeinfo that Prometheus takes from the Go runtime,
 * mapped to their JVM counterparts: live threads for goroutines, available processors for
 * GOMAXPROCS, the maximum heap for GOMEMLIMIT.
 */
public record RuntimeFigures(int threadCount, int processors, long memoryLimitBytes) {
    /** This JVM's figures now. */
    public static RuntimeFigures ofThisJvm() {
        Runtime runtime = Runtime.getRuntime();
        return new RuntimeFigures(
                ManagementFactory.getThreadMXBean().getThreadCount(), runtime.availableProcessors(), runtime.maxMemory());
    }
}
