package io.promless.scrape.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * fabric8's Kubernetes mock server in CRUD mode (filled through the fabric8 client), behind a
 * JDK HTTP(S) server that plays the API server's front door: it can demand a bearer token,
 * record the requests discovery makes, answer with errors or garbage, or cut lists into pages
 * of one item to exercise {@code continue} tokens.
 */
public final class KubernetesTestCluster implements AutoCloseable {
    /** How the front door answers list requests. */
    public enum Mode {
        FORWARD,
        SERVER_ERROR,
        FORBIDDEN,
        MALFORMED,
        PAGES_OF_ONE
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTINUE = Pattern.compile("(?:^|&)continue=([0-9]+)");

    private final KubernetesMockServer mock;
    private final NamespacedKubernetesClient client;
    private final HttpServer front;
    private final HttpClient upstream = HttpClient.newHttpClient();
    private final List<String> requests = new ArrayList<>();
    private volatile Mode mode = Mode.FORWARD;
    private volatile String requiredToken;

    private KubernetesTestCluster(boolean https) throws Exception {
        mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        mock.init();
        client = mock.createClient();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (https) {
            HttpsServer server = HttpsServer.create(loopback, 0);
            server.setHttpsConfigurator(new HttpsConfigurator(serverTls()));
            front = server;
        } else {
            front = HttpServer.create(loopback, 0);
        }
        front.createContext("/", this::handle);
        front.start();
    }

    public static KubernetesTestCluster start() throws Exception {
        return new KubernetesTestCluster(false);
    }

    /** Served over HTTPS with the test certificate for 127.0.0.1 (its CA is {@link #caFile()}). */
    public static KubernetesTestCluster startHttps() throws Exception {
        return new KubernetesTestCluster(true);
    }

    public static Path caFile() throws Exception {
        return Path.of(KubernetesTestCluster.class.getResource("/tls/ca.pem").toURI());
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    /** The front door's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        String scheme = front instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + front.getAddress().getPort();
    }

    public int port() {
        return front.getAddress().getPort();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** From now on, requests without {@code Authorization: Bearer <token>} get 401. */
    public void requireToken(String token) {
        this.requiredToken = token;
    }

    /** Path and query of every request so far. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    public synchronized void clearRequests() {
        requests.clear();
    }

    /** Empties the cluster and restores the front door's defaults, so one cluster serves many tests. */
    public void reset() {
        mock.reset();
        mode = Mode.FORWARD;
        requiredToken = null;
        clearRequests();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            synchronized (this) {
                requests.add(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            }
            String token = requiredToken;
            if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
                return;
            }
            switch (mode) {
                case SERVER_ERROR -> respond(exchange, 500, "{\"kind\":\"Status\",\"message\":\"etcdserver: request timed out\",\"code\":500}");
                case FORBIDDEN -> respond(exchange, 403, "{\"kind\":\"Status\",\"message\":\"pods is forbidden: User \\\"system:serviceaccount:monitoring:prometheus\\\" cannot list resource \\\"pods\\\" in API group \\\"\\\" at the cluster scope\",\"code\":403}");
                case MALFORMED -> respond(exchange, 200, "<html>not a list</html>");
                case FORWARD -> forward(exchange, uri, false);
                case PAGES_OF_ONE -> forward(exchange, uri, true);
            }
        }
    }

    private void forward(HttpExchange exchange, URI uri, boolean pagesOfOne) throws IOException {
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        String upstreamQuery = query.replaceAll("(^|&)(limit|continue)=[^&]*", "").replaceAll("^&", "");
        HttpResponse<String> response;
        try {
            response = upstream.send(HttpRequest.newBuilder(URI.create(mock.url(uri.getRawPath().substring(1))
                    + (upstreamQuery.isEmpty() ? "" : "?" + upstreamQuery))).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String body = response.body();
        if (pagesOfOne && response.statusCode() == 200) {
            body = page(body, query);
        }
        respond(exchange, response.statusCode(), body);
    }

    /** The item at the {@code continue} index, with a token for the next one while any remain. */
    private static String page(String body, String query) throws IOException {
        ObjectNode list = (ObjectNode) JSON.readTree(body);
        JsonNode items = list.path("items");
        Matcher matcher = CONTINUE.matcher(query);
        int index = matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        var page = JSON.createArrayNode();
        if (index < items.size()) {
            page.add(items.get(index));
        }
        list.set("items", page);
        ObjectNode metadata = list.with("metadata");
        if (index + 1 < items.size()) {
            metadata.put("continue", Integer.toString(index + 1));
        } else {
            metadata.remove("continue");
        }
        return JSON.writeValueAsString(list);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static SSLContext serverTls() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = KubernetesTestCluster.class.getResourceAsStream("/tls/server.p12")) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    @Override
    public void close() {
        front.stop(0);
        client.close();
        mock.destroy();
        upstream.close();
    }
}
