package io.promless.api.write;

import static java.util.Objects.requireNonNull;

import io.promless.api.ApiHandler;
import io.promless.api.ApiRequest;
import io.promless.api.ApiResponse;
import io.promless.remote.MalformedMessageException;
import io.promless.remote.RemoteWriteForwarder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code POST /api/v1/write}: accepts remote-write 1.0 requests (Snappy-compressed protobuf) and
 * enqueues them for ingest through {@link RemoteWriteForwarder}, answering as Prometheus's
 * receiver does so senders retry exactly what is worth retrying: 204 when enqueued; 400 for a
 * body that can never be ingested (bad Snappy or protobuf: senders drop it); 415 for a
 * Content-Type, Content-Encoding or protocol version this receiver does not read; 405 for other
 * methods; 500 when the queue or claim-check store failed (senders retry). Error bodies are
 * plain text, as Go's {@code http.Error} writes them. Thread-safe.
 */
public final class RemoteWriteEndpoint implements ApiHandler {
    public static final String PATH = "/api/v1/write";
    private static final System.Logger LOG = System.getLogger(RemoteWriteEndpoint.class.getName());

    private final RemoteWriteForwarder forwarder;
    private final LongAdder enqueueFailures = new LongAdder();

    public RemoteWriteEndpoint(RemoteWriteForwarder forwarder) {
        this.forwarder = requireNonNull(forwarder, "forwarder is null");
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        if (!request.method().equals("POST")) {
            return text(405, "Method Not Allowed").withHeader("Allow", "POST");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name, values.get(0));
            }
        });
        try {
            forwarder.forward(request.body(), headers);
            return new ApiResponse(204, Map.of(), new byte[0]);
        } catch (MalformedMessageException e) {
            int status = e.reason() == MalformedMessageException.Reason.UNSUPPORTED_FORMAT ? 415 : 400;
            LOG.log(System.Logger.Level.WARNING, "remote write request refused (" + status + "): " + e.getMessage());
            return text(status, e.getMessage());
        } catch (RuntimeException e) {
            enqueueFailures.increment();
            LOG.log(System.Logger.Level.ERROR, "remote write request could not be enqueued", e);
            return text(500, "enqueueing the samples failed: " + e.getMessage());
        }
    }

    /** Requests answered 5xx because the queue or claim-check store failed. */
    public long enqueueFailures() {
        return enqueueFailures.sum();
    }

    public RemoteWriteForwarder forwarder() {
        return forwarder;
    }

    private static ApiResponse text(int status, String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/plain; charset=utf-8");
        headers.put("X-Content-Type-Options", "nosniff");
        return new ApiResponse(status, headers, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
