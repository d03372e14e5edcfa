package io.promless.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.promless.api.json.GoJson;
import io.promless.api.json.JsonBody;
import io.promless.errors.ErrorType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The one place where Prometheus's response envelope and its error-to-status mapping are
 * written: {@code {"status":"success","data":...,"warnings":[...],"infos":[...]}} and
 * {@code {"status":"error","errorType":"bad_data","error":"..."}}, plus the plain-text answers
 * Go's router gives for unknown paths and methods.
 */
public final class ApiResponses {
    public static final String JSON = "application/json";
    public static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    /** Prometheus sends at most this many warnings and infos, then says how many it left out. */
    static final int MAX_ANNOTATIONS = 10;

    /** nginx's "client closed request", which Prometheus 3 answers for canceled queries. */
    static final int CLIENT_CLOSED_REQUEST = 499;

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private ApiResponses() {}

    public static ApiResponse success(JsonBody data) {
        return success(data, List.of(), List.of());
    }

    public static ApiResponse success(JsonBody data, List<String> warnings, List<String> infos) {
        requireNonNull(data, "data is null");
        requireNonNull(warnings, "warnings is null");
        requireNonNull(infos, "infos is null");
        byte[] body = writeJson(generator -> {
            generator.writeStartObject();
            generator.writeStringField("status", "success");
            generator.writeFieldName("data");
            data.write(generator);
            writeAnnotations(generator, "warnings", warnings, "warning");
            writeAnnotations(generator, "infos", infos, "info");
            generator.writeEndObject();
        });
        return new ApiResponse(200, Map.of("Content-Type", JSON), body);
    }

    public static ApiResponse error(ErrorType type, String message) {
        requireNonNull(type, "type is null");
        requireNonNull(message, "message is null");
        byte[] body = writeJson(generator -> {
            generator.writeStartObject();
            generator.writeStringField("status", "error");
            generator.writeStringField("errorType", type.wireName());
            generator.writeStringField("error", message);
            generator.writeEndObject();
        });
        return new ApiResponse(statusCode(type), Map.of("Content-Type", JSON), body);
    }

    /**
     * Prometheus's mapping (web/api/v1 respondError): bad_data 400, execution 422, canceled 499,
     * timeout 503, not_found 404; internal and everything it does not name (unavailable) 500.
     */
    public static int statusCode(ErrorType type) {
        return switch (type) {
            case BAD_DATA -> 400;
            case EXECUTION -> 422;
            case CANCELED -> CLIENT_CLOSED_REQUEST;
            case TIMEOUT -> 503;
            case NOT_FOUND -> 404;
            case INTERNAL, UNAVAILABLE -> 500;
        };
    }

    /** Go's {@code http.NotFound}. */
    public static ApiResponse notFound() {
        return plainText(404, "404 page not found\n");
    }

    /** Go's router for a known path and another method; {@code allow} lists the methods it has. */
    public static ApiResponse methodNotAllowed(String allow) {
        return plainText(405, "Method Not Allowed\n").withHeader("Allow", allow);
    }

    /** What Prometheus answers a request that succeeded without data (e.g. OPTIONS). */
    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), new byte[0]);
    }

    /** A text answer as Go's {@code http.Error} writes it. */
    public static ApiResponse plainText(int status, String text) {
        return new ApiResponse(
                status,
                Map.of("Content-Type", PLAIN_TEXT, "X-Content-Type-Options", "nosniff"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeAnnotations(JsonGenerator generator, String field, List<String> annotations, String kind)
            throws IOException {
        if (annotations.isEmpty()) {
            return;
        }
        generator.writeArrayFieldStart(field);
        int written = Math.min(annotations.size(), MAX_ANNOTATIONS);
        for (int i = 0; i < written; i++) {
            generator.writeString(annotations.get(i));
        }
        if (annotations.size() > written) {
            generator.writeString((annotations.size() - written) + " more " + kind + " annotations omitted");
        }
        generator.writeEndArray();
    }

    private static byte[] writeJson(JsonBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JSON_FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            GoJson.configure(generator);
            body.write(generator);
        } catch (IOException e) {
            // Only a broken JsonBody can fail here: the target is memory.
            throw new UncheckedIOException("cannot write JSON response", e);
        }
        return out.toByteArray();
    }
}
