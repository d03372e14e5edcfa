package io.promless.testkit.exporters;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A real Pushgateway (Debian's prometheus-pushgateway) on a free loopback port, without a
 * persistence file, as a scrape target for end-to-end tests; {@link #push} puts a group.
 * Fails, never skips, when the program is missing: the README's test command installs it.
 */
public final class PushgatewayProcess implements AutoCloseable {
    public static final String BINARY_VARIABLE = "PROMLESS_PUSHGATEWAY";

    private final LoopbackProgram program;
    private final HttpClient client = HttpClient.newHttpClient();

    private PushgatewayProcess(LoopbackProgram program) {
        this.program = program;
    }

    public static PushgatewayProcess start() {
        return new PushgatewayProcess(LoopbackProgram.start("pushgateway", BINARY_VARIABLE,
                List.of("/usr/bin/prometheus-pushgateway", "/usr/local/bin/pushgateway"),
                List.of("prometheus-pushgateway", "pushgateway"), "prometheus-pushgateway", "/-/ready",
                List.of("--log.level=warn")));
    }

    /** host:port, as a static_configs target. */
    public String address() {
        return program.address();
    }

    /**
     * PUTs {@code body} (text format) as the group of {@code job} and the grouping labels, in
     * order (a LinkedHashMap keeps the path order), replacing the group.
     */
    public void push(String job, Map<String, String> groupingLabels, String body) {
        StringBuilder path = new StringBuilder("/metrics/job/").append(job);
        groupingLabels.forEach((name, value) -> path.append('/').append(name).append('/').append(value));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address() + path))
                .header("Content-Type", "text/plain; version=0.0.4")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("push to " + path + " failed: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("push to " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        program.close();
    }
}
