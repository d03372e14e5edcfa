package io.promless.scrape;

import io.promless.config.Authorization;
import io.promless.config.BasicAuth;
import io.promless.config.HttpClientConfig;
import io.promless.config.ScrapeConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Builds the HTTP request for one scrape, with the headers Prometheus sends. */
final class ScrapeRequests {
    static final String USER_AGENT = "Promless/0.1";

    private ScrapeRequests() {}

    /** @throws IOException when a credentials file cannot be read (the scrape then fails) */
    static HttpRequest build(ScrapeTarget target) throws IOException {
        ScrapeConfig config = target.config();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                .GET()
                .timeout(target.timeout())
                .header("Accept", AcceptHeader.forProtocols(config.scrapeProtocols(), config.options().metricNameEscapingScheme()))
                .header("Accept-Encoding", config.enableCompression() ? "gzip" : "identity")
                .header("User-Agent", USER_AGENT)
                .header("X-Prometheus-Scrape-Timeout-Seconds", timeoutSeconds(target.timeout()));
        HttpClientConfig http = config.httpClient();
        for (Map.Entry<String, List<String>> header : http.headers().entrySet()) {
            for (String value : header.getValue()) {
                request.header(header.getKey(), value);
            }
        }
        for (Map.Entry<String, List<String>> header : http.headerFiles().entrySet()) {
            for (String file : header.getValue()) {
                request.header(header.getKey(), readSecretFile(file));
            }
        }
        if (http.basicAuth().isPresent()) {
            request.header("Authorization", basicAuth(http.basicAuth().get()));
        }
        if (http.authorization().isPresent()) {
            Authorization authorization = http.authorization().get();
            String credentials = authorization.credentials().isPresent()
                    ? authorization.credentials().get().value()
                    : authorization.credentialsFile().isPresent() ? readSecretFile(authorization.credentialsFile().get()) : "";
            request.header("Authorization", authorization.type() + " " + credentials);
        }
        return request.build();
    }

    /** Seconds as Go's FormatFloat(s, 'f', -1) writes them: {@code 10}, {@code 0.5}. */
    static String timeoutSeconds(Duration timeout) {
        BigDecimal seconds = BigDecimal.valueOf(timeout.toMillis()).movePointLeft(3).stripTrailingZeros();
        return seconds.scale() < 0 ? seconds.setScale(0).toPlainString() : seconds.toPlainString();
    }

    private static String basicAuth(BasicAuth auth) throws IOException {
        String username = auth.usernameFile().isPresent() ? readSecretFile(auth.usernameFile().get()) : auth.username();
        String password = auth.passwordFile().isPresent() ? readSecretFile(auth.passwordFile().get())
                : auth.password().map(secret -> secret.value()).orElse("");
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Secret files are read on every scrape (so rotated secrets apply) and trimmed, as Prometheus does. */
    private static String readSecretFile(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    }
}
