package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTPS targets with a self-signed certificate (test resource made with the JDK's keytool). */
class TlsScrapeTest {
    private static HttpsServer server;
    private static Path caFile;

    @BeforeAll
    static void startServer() throws Exception {
        // A self-signed EC certificate for CN=localhost, IP 127.0.0.1, valid for 100 years, made once with
        // keytool -genkeypair -keyalg EC -ext SAN=ip:127.0.0.1,dns:localhost (password changeit).
        Path keystore = Path.of(TlsScrapeTest.class.getResource("/tls/server.p12").toURI());
        caFile = Path.of(TlsScrapeTest.class.getResource("/tls/ca.pem").toURI());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/metrics", exchange -> {
            byte[] body = "secure 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void tlsSettingsDecideWhetherTheCertificateIsAccepted() {
        String yaml = """
                scrape_configs:
                  - job_name: untrusted
                    scheme: https
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                  - job_name: insecure
                    scheme: https
                    tls_config: {insecure_skip_verify: true}
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                  - job_name: own-ca
                    scheme: https
                    tls_config: {ca_file: '%2$s'}
                    static_configs: [{targets: ['127.0.0.1:%1$d']}]
                """.formatted(server.getAddress().getPort(), caFile);
        PrometheusConfig config = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER).parse(yaml, null);
        RecordingAppendable sink = new RecordingAppendable();

        List<ScrapeResult> results = new ScrapeService(config, new ScrapeEngine(sink, contentType -> new LineParser()))
                .scrapeAll(1_000L);

        assertThat(results).extracting(ScrapeResult::up).containsExactly(false, true, true);
        assertThat(results.get(0).error()).isPresent();
        assertThat(sink.named("secure")).hasSize(2);
    }
}
