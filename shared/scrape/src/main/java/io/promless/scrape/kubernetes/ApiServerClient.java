package io.promless.scrape.kubernetes;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promless.config.KubernetesSdConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lists objects from one API server: {@code GET} a collection path with the label and field
 * selectors as query parameters, {@code limit} items per page, following {@code continue} tokens
 * until the list is complete. A refusal or a body that is not a list fails the whole listing.
 * Thread-safe.
 */
final class ApiServerClient {
    /** Items per page: big enough to keep requests few, small enough for the API server's memory. */
    static final int PAGE_SIZE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI server;
    private final HttpClient http;
    private final Supplier<Map<String, String>> headers;
    private final String credentialsHint;

    /**
     * @param server the API server's base URL
     * @param headers the request headers (authorization included), computed per request so
     *     rotated token files are re-read
     * @param credentialsHint where the credentials come from, named in 401 errors
     */
    ApiServerClient(URI server, HttpClient http, Supplier<Map<String, String>> headers, String credentialsHint) {
        this.server = requireNonNull(server, "server is null");
        this.http = requireNonNull(http, "http is null");
        this.headers = requireNonNull(headers, "headers is null");
        this.credentialsHint = requireNonNull(credentialsHint, "credentialsHint is null");
    }

    URI server() {
        return server;
    }

    /** Every item of the collection at {@code path}, filtered by {@code selector} when given. */
    List<JsonNode> list(String path, Optional<KubernetesSdConfig.Selector> selector) {
        List<JsonNode> items = new ArrayList<>();
        String continueToken = "";
        do {
            JsonNode page = get(pageUri(path, selector, continueToken));
            JsonNode pageItems = page.path("items");
            if (!pageItems.isArray() && !pageItems.isNull()) {
                throw new KubernetesApiException("malformed answer to GET " + path + ": no \"items\" list (kind "
                        + page.path("kind").asText("missing") + ")");
            }
            pageItems.forEach(items::add);
            continueToken = page.path("metadata").path("continue").asText("");
        } while (!continueToken.isEmpty());
        return items;
    }

    private URI pageUri(String path, Optional<KubernetesSdConfig.Selector> selector, String continueToken) {
        StringBuilder query = new StringBuilder("limit=").append(PAGE_SIZE);
        selector.ifPresent(s -> {
            if (!s.label().isEmpty()) {
                query.append("&labelSelector=").append(encode(s.label()));
            }
            if (!s.field().isEmpty()) {
                query.append("&fieldSelector=").append(encode(s.field()));
            }
        });
        if (!continueToken.isEmpty()) {
            query.append("&continue=").append(encode(continueToken));
        }
        String base = server.toString().endsWith("/") ? server.toString().substring(0, server.toString().length() - 1) : server.toString();
        return URI.create(base + path + "?" + query);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode get(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET()
                .header("Accept", "application/json")
                .header("User-Agent", "Promless");
        headers.get().forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KubernetesApiException("API server unreachable: GET " + uri + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesApiException("interrupted while listing " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new KubernetesApiException(statusProblem(response.statusCode(), uri, response.body()));
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new KubernetesApiException("malformed answer to GET " + uri + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String statusProblem(int status, URI uri, String body) {
        String detail = statusMessage(body);
        String what = "GET " + uri.getRawPath();
        return switch (status) {
            case 401 -> "401 Unauthorized: check " + credentialsHint + " (" + what + detail + ")";
            case 403 -> "403 Forbidden: the credentials may not list this resource; grant get/list on it (" + what + detail + ")";
            case 404 -> "404 Not Found: the API server does not serve " + uri.getRawPath() + " (check api_server and the role)" + detail;
            case 410 -> "410 Gone: the list continuation expired; the next refresh lists again (" + what + ")";
            default -> "HTTP " + status + " from the API server (" + what + detail + ")";
        };
    }

    /** The {@code message} of a Kubernetes Status body, when the body is one. */
    private static String statusMessage(String body) {
        try {
            JsonNode status = JSON.readTree(body);
            String message = status.path("message").asText("");
            return message.isEmpty() ? "" : ": " + message;
        } catch (JsonProcessingException | RuntimeException e) {
            return "";
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
