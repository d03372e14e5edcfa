package io.promless.scrape;

import io.promless.config.HttpClientConfig;
import io.promless.config.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * One {@link HttpClient} per distinct HTTP client config, built once and reused across scrapes
 * (clients hold connection pools). TLS follows {@code tls_config}: a CA file replaces the
 * default trust store; {@code insecure_skip_verify} accepts any certificate and host name.
 */
final class HttpClients implements AutoCloseable {
    private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

    private record ClientKey(HttpClientConfig config, String scheme) {}

    HttpClient forConfig(HttpClientConfig config, String scheme) {
        return clients.computeIfAbsent(new ClientKey(config, scheme), key -> build(key.config(), key.scheme()));
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }

    private static HttpClient build(HttpClientConfig config, String scheme) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(config.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                // Plain-HTTP targets get HTTP/1.1: an h2c upgrade attempt only confuses exporters.
                .version(config.enableHttp2() && scheme.equals("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        config.proxyUrl().ifPresent(proxy -> {
            URI uri = URI.create(proxy);
            int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
            builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(uri.getHost(), port)));
        });
        if (!scheme.equals("https")) {
            // Plain HTTP needs no TLS set-up (loading the default trust store is not free).
            return builder.build();
        }
        try {
            builder.sslContext(sslContext(config.tls()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS for scraping: " + e.getMessage(), e);
        }
        return builder.build();
    }

    private static SSLContext sslContext(TlsConfig tls) throws GeneralSecurityException, IOException {
        if (tls.insecureSkipVerify()) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, null);
            return context;
        }
        if (tls.caFile().isEmpty() && tls.ca().isEmpty()) {
            return SSLContext.getDefault();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        int index = 0;
        try (InputStream in = tls.caFile().isPresent()
                ? Files.newInputStream(Path.of(tls.caFile().get()))
                : new java.io.ByteArrayInputStream(tls.ca().get().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            for (Certificate certificate : factory.generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
