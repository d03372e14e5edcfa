package io.promless.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.api.ApiResponses;
import io.promless.api.FakeSelectorParser;
import io.promless.api.HealthEndpoints;
import io.promless.api.InMemoryQueryable;
import io.promless.api.PrometheusApi;
import io.promless.api.RecordingQueryEngine;
import io.promless.api.RouteTable;
import io.promless.model.labels.Labels;
import io.promless.promql.value.VectorSample;
import io.promless.promql.value.VectorValue;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalHttpServerTest {
    private final RecordingQueryEngine engine = new RecordingQueryEngine();
    private final AtomicBoolean ready = new AtomicBoolean(false);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalHttpServer server;

    @BeforeEach
    void start() {
        InMemoryQueryable storage = new InMemoryQueryable(List.of(
                InMemoryQueryable.series(Labels.of("__name__", "up", "job", "api", "http.method", "GET"), 1000, 1)));
        PrometheusApi api = new PrometheusApi(
                engine, storage, new FakeSelectorParser(), InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000)));
        RouteTable routes = RouteTable.builder()
                .prefix(PrometheusApi.PREFIX + "/", api)
                .exact("/-/healthy", HealthEndpoints.healthy())
                .exact("/-/ready", HealthEndpoints.ready(ready::get))
                .exact("/boom", request -> {
                    throw new IllegalStateException("handler bug");
                })
                .build();
        server = LocalHttpServer.start(new InetSocketAddress("127.0.0.1", 0), routes, 4);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesInstantQueriesOverHttp() throws Exception {
        engine.answering(new VectorValue(List.of(new VectorSample(Labels.of("job", "api"), 1_700_000_000_000L, 1))));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/query?query=sum%28up%29+by+%28job%29")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{\"job\":\"api\"},\"value\":[1700000000,\"1\"]}]}}");
        assertThat(engine.lastQuery).isEqualTo("sum(up) by (job)");
        assertThat(engine.lastTime).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void mergesPostedFormsWithUrlParameters() throws Exception {
        engine.answering(new VectorValue(List.of()));

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/query?time=5"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=up%7Bjob%3D%22api%22%7D")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(engine.lastQuery).isEqualTo("up{job=\"api\"}");
        assertThat(engine.lastTime).isEqualTo(5000);
    }

    @Test
    void decodesPathsAndRepeatedParameters() throws Exception {
        HttpResponse<String> escaped = send(HttpRequest.newBuilder(uri("/api/v1/label/U__http_2e_method/values")));
        HttpResponse<String> percent = send(HttpRequest.newBuilder(uri("/api/v1/label/http%2Emethod/values")));
        HttpResponse<String> series = send(HttpRequest.newBuilder(uri("/api/v1/series?match%5B%5D=up&match[]=nothing")));

        assertThat(escaped.body()).isEqualTo("{\"status\":\"success\",\"data\":[\"GET\"]}");
        assertThat(percent.body()).isEqualTo(escaped.body());
        assertThat(series.body()).isEqualTo(
                "{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"http.method\":\"GET\",\"job\":\"api\"}]}");
    }

    @Test
    void answersErrorsUnknownPathsAndWrongMethodsAsPrometheus() throws Exception {
        HttpResponse<String> bad = send(HttpRequest.newBuilder(uri("/api/v1/query?query=up&time=soon")));
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/nothing/here")));
        HttpResponse<String> wrongMethod =
                send(HttpRequest.newBuilder(uri("/api/v1/query")).PUT(HttpRequest.BodyPublishers.noBody()));

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("404 page not found\n");
        assertThat(missing.headers().firstValue("Content-Type")).contains(ApiResponses.PLAIN_TEXT);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET, OPTIONS, POST");
    }

    @Test
    void answersHealthAndReadinessLikePrometheus() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/-/healthy"))).body()).isEqualTo("Prometheus Server is Healthy.\n");
        HttpResponse<String> starting = send(HttpRequest.newBuilder(uri("/-/ready")));
        ready.set(true);
        HttpResponse<String> started = send(HttpRequest.newBuilder(uri("/-/ready")));
        HttpResponse<String> head = send(HttpRequest.newBuilder(uri("/-/ready")).method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(starting.body()).isEqualTo("Service Unavailable");
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(started.body()).isEqualTo("Prometheus Server is Ready.\n");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void turnsHandlerFailuresIntoServerErrorsAndCountsRequests() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/boom")));
        send(HttpRequest.newBuilder(uri("/-/healthy")));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("Internal Server Error\n");
        assertThat(server.requests()).isEqualTo(2);
        assertThat(server.serverErrors()).isEqualTo(1);
        assertThat(server.requestNanos()).isPositive();
    }

    @Test
    void servesConcurrentRequests() {
        engine.answering(new VectorValue(List.of()));
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            responses.add(client.sendAsync(
                    HttpRequest.newBuilder(uri("/api/v1/labels")).build(), HttpResponse.BodyHandlers.ofString()));
        }

        assertThat(responses).allSatisfy(future -> assertThat(future.join().statusCode()).isEqualTo(200));
    }

    @Test
    void closesCleanly() {
        URI healthy = uri("/-/healthy");
        server.close();

        assertThatThrownBy(() -> send(HttpRequest.newBuilder(healthy))).isInstanceOf(ConnectException.class);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        InetSocketAddress address = server.address();
        return URI.create("http://127.0.0.1:" + address.getPort() + pathAndQuery);
    }
}
