package io.promless.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;

/**
 * The scrape benchmark's targets, run as a separate JVM so that their CPU does not count as the
 * scraper's: {@code --ports P} JDK HTTP servers on loopback serving {@code /metrics/<n>} for any
 * n, each path a realistic text-format exposition of about {@code --series N} series (counters
 * with method/code/handler labels, classic histograms, per-CPU counters, gauges, an info metric),
 * one of a few variants so that bodies differ between targets. Prints {@code READY port,port,...}
 * once listening; exits when its standard input closes.
 */
public final class ScrapeTargetServer {
    private static final int VARIANTS = 16;
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    private static final String[] CODES = {"200", "201", "204", "400", "404", "500"};
    private static final String[] MODES = {"user", "system", "idle", "iowait", "irq", "softirq", "steal", "nice"};
    private static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"};

    private ScrapeTargetServer() {}

    public static void main(String[] args) throws IOException {
        int ports = Integer.parseInt(argument(args, "--ports", "4"));
        int series = Integer.parseInt(argument(args, "--series", "1000"));
        List<byte[]> bodies = new ArrayList<>();
        for (int variant = 0; variant < VARIANTS; variant++) {
            bodies.add(exposition(series, new Random(variant)).getBytes(StandardCharsets.UTF_8));
        }
        List<String> listening = new ArrayList<>();
        List<HttpServer> servers = new ArrayList<>();
        for (int i = 0; i < ports; i++) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/metrics/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                int target = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
                byte[] body = bodies.get(target % VARIANTS);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            servers.add(server);
            listening.add(String.valueOf(server.getAddress().getPort()));
        }
        System.out.println("READY " + String.join(",", listening));
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our input
        }
        servers.forEach(server -> server.stop(0));
        System.exit(0);
    }

    /** About {@code series} series of a typical service exporter, in text format 0.0.4. */
    static String exposition(int series, Random random) {
        StringBuilder text = new StringBuilder(series * 90);
        int written = 0;
        text.append("# HELP http_requests_total Total HTTP requests handled.\n# TYPE http_requests_total counter\n");
        for (int handler = 0; written < series * 3 / 10; handler++) {
            for (String method : METHODS) {
                for (String code : CODES) {
                    text.append("http_requests_total{code=\"").append(code).append("\",handler=\"/api/v1/resource_")
                            .append(handler).append("\",method=\"").append(method).append("\"} ")
                            .append(random.nextInt(10_000_000)).append('\n');
                    written++;
                }
            }
        }
        text.append("# HELP http_request_duration_seconds Request latency.\n# TYPE http_request_duration_seconds histogram\n");
        for (int handler = 0; written < series * 7 / 10; handler++) {
            long count = 0;
            for (String le : LE) {
                count += random.nextInt(1_000);
                text.append("http_request_duration_seconds_bucket{handler=\"/api/v1/resource_").append(handler)
                        .append("\",le=\"").append(le).append("\"} ").append(count).append('\n');
            }
            text.append("http_request_duration_seconds_sum{handler=\"/api/v1/resource_").append(handler).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.6f", count * 0.137)).append('\n');
            text.append("http_request_duration_seconds_count{handler=\"/api/v1/resource_").append(handler).append("\"} ")
                    .append(count).append('\n');
            written += LE.length + 2;
        }
        text.append("# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.\n# TYPE node_cpu_seconds_total counter\n");
        for (int cpu = 0; written < series * 9 / 10; cpu++) {
            for (String mode : MODES) {
                text.append("node_cpu_seconds_total{cpu=\"").append(cpu).append("\",mode=\"").append(mode).append("\"} ")
                        .append(String.format(Locale.ROOT, "%.2f", random.nextDouble() * 1e6)).append('\n');
                written++;
            }
        }
        text.append("# HELP queue_length Items waiting per queue.\n# TYPE queue_length gauge\n");
        for (int queue = 0; written < series - 1; queue++) {
            text.append("queue_length{queue=\"q").append(queue).append("\"} ").append(random.nextInt(100)).append('\n');
            written++;
        }
        text.append("# HELP build_info Build information.\n# TYPE build_info gauge\n")
                .append("build_info{version=\"1.4.2\",revision=\"3f2a9c1\",goversion=\"go1.21.5\"} 1\n");
        return text.toString();
    }

    static String argument(String[] args, String name, String absent) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return absent;
    }
}
