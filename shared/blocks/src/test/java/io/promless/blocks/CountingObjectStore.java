package io.promless.blocks;

import io.promless.ports.ObjectStore;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;

/** Wraps a store and counts its reads: whole GETs, ranged GETs, HEADs and the bytes returned. */
public final class CountingObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    private final LongAdder wholeGets = new LongAdder();
    private final LongAdder rangedGets = new LongAdder();
    private final LongAdder sizeRequests = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();

    public CountingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void put(String key, byte[] data) {
        delegate.put(key, data);
    }

    @Override
    public Optional<byte[]> get(String key) {
        wholeGets.increment();
        Optional<byte[]> data = delegate.get(key);
        data.ifPresent(bytes -> bytesRead.add(bytes.length));
        return data;
    }

    @Override
    public Optional<byte[]> getRange(String key, long offset, int length) {
        rangedGets.increment();
        Optional<byte[]> data = delegate.getRange(key, offset, length);
        data.ifPresent(bytes -> bytesRead.add(bytes.length));
        return data;
    }

    @Override
    public OptionalLong size(String key) {
        sizeRequests.increment();
        return delegate.size(key);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public List<String> list(String prefix) {
        return delegate.list(prefix);
    }

    public long wholeGets() {
        return wholeGets.sum();
    }

    public long rangedGets() {
        return rangedGets.sum();
    }

    public long sizeRequests() {
        return sizeRequests.sum();
    }

    public long bytesRead() {
        return bytesRead.sum();
    }

    public void reset() {
        wholeGets.reset();
        rangedGets.reset();
        sizeRequests.reset();
        bytesRead.reset();
    }
}
