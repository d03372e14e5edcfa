package io.promless.testkit.exporters;

import java.util.List;

/**
 * A real node_exporter (Debian's prometheus-node-exporter) on a free loopback port, as a scrape
 * target for end-to-end tests. Fails, never skips, when the program is missing: the README's
 * test command installs it.
 */
public final class NodeExporterProcess implements AutoCloseable {
    public static final String BINARY_VARIABLE = "PROMLESS_NODE_EXPORTER";

    private final LoopbackProgram program;

    private NodeExporterProcess(LoopbackProgram program) {
        this.program = program;
    }

    public static NodeExporterProcess start() {
        return new NodeExporterProcess(LoopbackProgram.start("node_exporter", BINARY_VARIABLE,
                List.of("/usr/bin/prometheus-node-exporter", "/usr/local/bin/node_exporter"),
                List.of("prometheus-node-exporter", "node_exporter"), "prometheus-node-exporter", "/metrics", List.of()));
    }

    /** host:port, as a static_configs target. */
    public String address() {
        return program.address();
    }

    @Override
    public void close() {
        program.close();
    }
}
