package io.promless.scrape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body into memory but gives up, cancelling the download, as soon as it
 * grows past a limit: a runaway target must not exhaust the scraper's memory.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    static final String LIMIT_EXCEEDED = "body size limit exceeded";

    private final long limitBytes;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private LimitedBody(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** @param limitBytes zero or less for no limit */
    static HttpResponse.BodyHandler<byte[]> handler(long limitBytes) {
        return responseInfo -> new LimitedBody(limitBytes);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        subscription = newSubscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            collected.writeBytes(bytes);
        }
        // Prometheus reads at most limit bytes and fails when it got all of them.
        if (limitBytes > 0 && collected.size() >= limitBytes) {
            subscription.cancel();
            result.completeExceptionally(new IOException(LIMIT_EXCEEDED));
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(collected.toByteArray());
    }
}
