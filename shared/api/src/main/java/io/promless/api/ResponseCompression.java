package io.promless.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Gzips API answers for clients that accept it, as Prometheus compresses its API responses.
 * Worth it for large range queries in particular, and it keeps Lambda answers under the
 * payload limit. Tiny bodies are left alone: compressing them only adds bytes.
 */
public final class ResponseCompression {
    static final int MIN_COMPRESSED_BYTES = 1024;

    private ResponseCompression() {}

    static ApiResponse apply(ApiRequest request, ApiResponse response) {
        if (response.body().length < MIN_COMPRESSED_BYTES
                || response.headers().containsKey("Content-Encoding")
                || !acceptsGzip(request.header("Accept-Encoding").orElse(""))) {
            return response;
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(response.body().length / 4 + 64);
        try (GZIPOutputStream gzip = fastGzip(compressed)) {
            gzip.write(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gzip a response in memory", e);
        }
        return new ApiResponse(response.status(), response.headers(), compressed.toByteArray())
                .withHeader("Content-Encoding", "gzip")
                .withHeader("Vary", "Accept-Encoding");
    }

    /**
     * Level 1: JSON of large range queries still shrinks about 3x, and compressing no longer
     * dominates the answer time (the default level took seconds for a 36 MB matrix).
     */
    private static GZIPOutputStream fastGzip(ByteArrayOutputStream out) throws IOException {
        return new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    /** True when {@code gzip} is listed without {@code q=0}; public for the web UI's static files. */
    public static boolean acceptsGzip(String acceptEncoding) {
        for (String entry : acceptEncoding.split(",")) {
            String[] parts = entry.split(";");
            if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("gzip")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                if (parameter.matches("q=0(\\.0*)?")) {
                    refused = true;
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }
}
