package io.promless.functions.query;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.promless.api.ApiRequest;
import io.promless.api.ApiResponse;
import io.promless.api.FormDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates API Gateway HTTP API events (payload format 2.0) to and from the transport-free
 * request and response records.
 */
final class HttpApiEvents {
    private static final String DEFAULT_STAGE = "$default";
    private static final String FUNCTION_URL_DOMAIN = ".lambda-url.";

    private HttpApiEvents() {}

    /** Thrown for events that no HTTP request could have produced. */
    static final class MalformedEventException extends RuntimeException {
        MalformedEventException(String message) {
            super(message);
        }
    }

    static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        if (context == null || context.getHttp() == null || context.getHttp().getMethod() == null) {
            throw new MalformedEventException("event has no requestContext.http.method");
        }
        return new ApiRequest(
                context.getHttp().getMethod(),
                path(event, context),
                // rawQueryString stays percent-encoded and keeps repeated names (match[]);
                // queryStringParameters would join them with commas.
                FormDecoder.decode(event.getRawQueryString()).values(),
                headers(event.getHeaders()),
                body(event));
    }

    /**
     * HTTP APIs deliver rawPath already decoded, with a named stage as its first segment;
     * function URLs deliver it percent-encoded.
     */
    private static String path(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPEvent.RequestContext context) {
        String path = event.getRawPath() != null ? event.getRawPath() : context.getHttp().getPath();
        if (path == null || path.isEmpty()) {
            return "/";
        }
        String domain = context.getDomainName();
        if (domain != null && domain.contains(FUNCTION_URL_DOMAIN)) {
            path = decodePath(path);
        }
        String stage = context.getStage();
        if (stage != null && !stage.equals(DEFAULT_STAGE) && path.startsWith("/" + stage + "/")) {
            path = path.substring(stage.length() + 1);
        }
        return path;
    }

    /** Percent-decodes a path ({@code +} stays a plus, unlike in forms). */
    private static String decodePath(String rawPath) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        byte[] raw = rawPath.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%') {
                int high = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
                int low = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
                if (high < 0 || low < 0) {
                    throw new MalformedEventException("malformed percent escape in path " + rawPath);
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> headers(Map<String, String> headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    copy.put(name, List.of(value));
                }
            });
        }
        return copy;
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (!event.getIsBase64Encoded()) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("body is not valid base64: " + e.getMessage());
        }
    }

    /** Text bodies go out as text; anything that is not UTF-8 goes out base64-encoded. */
    static APIGatewayV2HTTPResponse toResponse(ApiResponse response) {
        APIGatewayV2HTTPResponse event = new APIGatewayV2HTTPResponse();
        event.setStatusCode(response.status());
        event.setHeaders(new LinkedHashMap<>(response.headers()));
        String text = utf8(response.body());
        if (text != null) {
            event.setBody(text);
            event.setIsBase64Encoded(false);
        } else {
            event.setBody(Base64.getEncoder().encodeToString(response.body()));
            event.setIsBase64Encoded(true);
        }
        return event;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
