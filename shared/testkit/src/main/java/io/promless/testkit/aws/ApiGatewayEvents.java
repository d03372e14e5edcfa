package io.promless.testkit.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * API Gateway HTTP API (payload 2.0) events as the gateway hands them to a function, and the
 * text of a function's answer, for tests that call a handler directly.
 */
public final class ApiGatewayEvents {
    private ApiGatewayEvents() {}

    /** A GET of {@code path} with the raw (already encoded) query string {@code rawQuery}. */
    public static APIGatewayV2HTTPEvent get(String path, String rawQuery) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRawPath(path);
        event.setRawQueryString(rawQuery);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        http.setPath(path);
        context.setHttp(http);
        event.setRequestContext(context);
        return event;
    }

    /** The answer's body as text, decoded when the function sent it base64-encoded. */
    public static String body(APIGatewayV2HTTPResponse response) {
        return response.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
                : response.getBody();
    }
}
