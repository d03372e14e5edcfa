package io.promless.aws;

import static java.util.Objects.requireNonNull;

import io.promless.ports.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ObjectStore} over one S3 bucket. Every key is stored under {@code prefix}, which is
 * prepended verbatim (pass "promless/" for a folder, or "" for the bucket root). S3 puts are
 * atomic, so readers never see a partial object. Thread-safe (S3Client is).
 */
public final class S3ObjectStore implements ObjectStore {
    private static final int MAX_KEY_BYTES = 1024;
    private static final int MAX_LIST_PAGE_SIZE = 1000;
    private static final int NOT_FOUND = 404;
    private static final int RANGE_NOT_SATISFIABLE = 416;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int listPageSize;
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();

    public S3ObjectStore(S3Client s3, String bucket, String prefix) {
        this(s3, bucket, prefix, MAX_LIST_PAGE_SIZE);
    }

    /** A store listing at most {@code listPageSize} keys per request (S3's maximum is 1000). */
    public S3ObjectStore(S3Client s3, String bucket, String prefix, int listPageSize) {
        if (listPageSize < 1 || listPageSize > MAX_LIST_PAGE_SIZE) {
            throw new IllegalArgumentException("listPageSize must be 1.." + MAX_LIST_PAGE_SIZE + ", got " + listPageSize);
        }
        this.listPageSize = listPageSize;
        this.s3 = requireNonNull(s3, "s3 is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("bucket is empty");
        }
    }

    @Override
    public void put(String key, byte[] data) {
        requireNonNull(data, "data is null");
        String objectKey = objectKey(key);
        requests.increment();
        s3.putObject(request -> request.bucket(bucket).key(objectKey), RequestBody.fromBytes(data));
    }

    @Override
    public Optional<byte[]> get(String key) {
        String objectKey = objectKey(key);
        requests.increment();
        try {
            byte[] data = s3.getObjectAsBytes(request -> request.bucket(bucket).key(objectKey)).asByteArray();
            bytesRead.add(data.length);
            return Optional.of(data);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** One GET with a {@code Range: bytes=first-last} header; a range past the end (HTTP 416) reads nothing. */
    @Override
    public Optional<byte[]> getRange(String key, long offset, int length) {
        ObjectStore.checkRange(offset, length);
        String objectKey = objectKey(key);
        if (length == 0) {
            return size(key).isPresent() ? Optional.of(new byte[0]) : Optional.empty();
        }
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        requests.increment();
        try {
            byte[] data = s3.getObjectAsBytes(request -> request.bucket(bucket).key(objectKey).range(range)).asByteArray();
            bytesRead.add(data.length);
            return Optional.of(data);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
                return Optional.of(new byte[0]);
            }
            throw e;
        }
    }

    /** One HEAD request. */
    @Override
    public OptionalLong size(String key) {
        String objectKey = objectKey(key);
        requests.increment();
        try {
            return OptionalLong.of(s3.headObject(request -> request.bucket(bucket).key(objectKey)).contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return OptionalLong.empty();
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        String objectKey = objectKey(key);
        requests.increment();
        s3.deleteObject(request -> request.bucket(bucket).key(objectKey));
    }

    @Override
    public List<String> list(String keyPrefix) {
        requireNonNull(keyPrefix, "prefix is null");
        List<String> keys = new ArrayList<>();
        String fullPrefix = prefix + keyPrefix;
        s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(fullPrefix).maxKeys(listPageSize)).forEach(page -> {
            requests.increment();
            for (S3Object object : page.contents()) {
                keys.add(object.key().substring(prefix.length()));
            }
        });
        // S3 sorts by UTF-8 bytes; the port promises String order, as the local store gives.
        keys.sort(null);
        return List.copyOf(keys);
    }

    private String objectKey(String key) {
        requireNonNull(key, "key is null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        String objectKey = prefix + key;
        if (objectKey.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("object key longer than S3's " + MAX_KEY_BYTES + " bytes: " + objectKey);
        }
        return objectKey;
    }

    /** Bytes received by GETs, whole or ranged. */
    public long bytesRead() {
        return bytesRead.sum();
    }

    /** S3 requests made (PUT, GET, HEAD, DELETE, LIST pages), for cost accounting. */
    public long requests() {
        return requests.sum();
    }
}
