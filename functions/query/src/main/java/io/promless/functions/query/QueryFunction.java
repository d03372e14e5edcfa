package io.promless.functions.query;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.promless.api.ApiHandler;
import io.promless.api.ApiResponses;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The query Lambda behind an API Gateway HTTP API (payload format 2.0): decodes the event,
 * lets the Prometheus API answer, encodes the response. Holds no query logic of its own.
 */
public final class QueryFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = Logger.getLogger(QueryFunction.class.getName());

    private final ApiHandler api;

    /** Lambda's entry point: the object graph is built once per container. */
    public QueryFunction() {
        this(QueryWiring.fromEnvironment());
    }

    /** @param api usually an {@link io.promless.api.PrometheusApi} built once per container */
    public QueryFunction(ApiHandler api) {
        this.api = requireNonNull(api, "api is null");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (event == null) {
            return HttpApiEvents.toResponse(ApiResponses.plainText(400, "empty event\n"));
        }
        try {
            return HttpApiEvents.toResponse(api.handle(HttpApiEvents.toRequest(event)));
        } catch (HttpApiEvents.MalformedEventException e) {
            LOG.log(Level.WARNING, "malformed API Gateway event: {0}", e.getMessage());
            return HttpApiEvents.toResponse(ApiResponses.plainText(400, e.getMessage() + "\n"));
        }
    }
}
