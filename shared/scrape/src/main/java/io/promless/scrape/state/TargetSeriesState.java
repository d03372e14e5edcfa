package io.promless.scrape.state;

import static java.util.Objects.requireNonNull;

import io.promless.model.MetricMetadata;
import io.promless.model.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What one target's last scrape left that the next scrape needs: the series it exposed (those
 * subject to staleness; a vanished one gets a stale marker) and the metric metadata of its last
 * successful scrape (for /api/v1/targets/metadata), with the target's labels so the synthetic
 * series and the metadata API can be rebuilt by a container that never saw the target.
 *
 * @param targetKey the engine's full identity of the target (job, URL, labels)
 * @param series sorted, without duplicates
 * @param metadata in exposition order
 */
public record TargetSeriesState(String targetKey, Labels targetLabels, List<Labels> series, List<MetricMetadata> metadata) {
    public TargetSeriesState {
        requireNonNull(targetKey, "targetKey is null");
        requireNonNull(targetLabels, "targetLabels is null");
        List<Labels> sorted = new ArrayList<>(requireNonNull(series, "series is null"));
        sorted.sort(null);
        series = List.copyOf(sorted);
        metadata = List.copyOf(requireNonNull(metadata, "metadata is null"));
    }

    /** The id a target's state is stored under: a hash of its key, safe in object keys. */
    public static String idOf(String targetKey) {
        return HexFormat.of().formatHex(sha256(targetKey.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    public String targetId() {
        return idOf(targetKey);
    }

    /**
     * Identifies the content: equal digests mean equal states (128 bits of SHA-256 over the
     * canonical encoding), so an unchanged state is neither rewritten nor re-read.
     */
    public String digest() {
        return HexFormat.of().formatHex(sha256(StateCodec.encodeTargetRaw(this)), 0, 16);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
