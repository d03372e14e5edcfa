package io.promless.remote;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a batch of encoded WriteRequest fields into Snappy-compressed requests whose base64
 * form fits a message body budget. Fields are never cut: a WriteRequest is a concatenation of
 * fields, so any group of them is a valid request. The compression ratio of the whole batch
 * sizes the first groups; a group that still does not fit is halved until it does, and a
 * single field that cannot fit becomes a claim check.
 */
final class RemoteWritePacker {
    /** One encoded WriteRequest field and the samples it carries. */
    record Field(byte[] bytes, long samples) {}

    /** One compressed request: sent inline as base64, or through the object store. */
    record Payload(byte[] compressed, boolean claimCheck, int fields, long samples) {}

    private static final double SAFETY = 0.9;

    private final int bodyBudget;
    private final int claimCheckThreshold;

    RemoteWritePacker(int bodyBudget, int claimCheckThreshold) {
        if (bodyBudget < 4) {
            throw new IllegalArgumentException("message budget of " + bodyBudget + " bytes leaves no room for a body");
        }
        this.bodyBudget = bodyBudget;
        this.claimCheckThreshold = claimCheckThreshold;
    }

    List<Payload> pack(List<Field> fields) {
        List<Payload> payloads = new ArrayList<>();
        if (fields.isEmpty()) {
            return payloads;
        }
        byte[] all = Snappy.compress(concat(fields));
        if (all.length > claimCheckThreshold) {
            payloads.add(payload(all, true, fields));
            return payloads;
        }
        if (fits(all)) {
            payloads.add(payload(all, false, fields));
            return payloads;
        }
        long rawTotal = rawSize(fields);
        long target = Math.max(1, (long) (rawTotal * SAFETY * bodyBudget / base64Length(all.length)));
        List<Field> group = new ArrayList<>();
        long groupSize = 0;
        for (Field field : fields) {
            if (!group.isEmpty() && groupSize + field.bytes().length > target) {
                emit(group, payloads);
                group = new ArrayList<>();
                groupSize = 0;
            }
            group.add(field);
            groupSize += field.bytes().length;
        }
        emit(group, payloads);
        return payloads;
    }

    private void emit(List<Field> group, List<Payload> payloads) {
        byte[] compressed = Snappy.compress(concat(group));
        if (fits(compressed)) {
            payloads.add(payload(compressed, false, group));
            return;
        }
        if (group.size() == 1) {
            payloads.add(payload(compressed, true, group));
            return;
        }
        int half = group.size() / 2;
        emit(group.subList(0, half), payloads);
        emit(group.subList(half, group.size()), payloads);
    }

    private boolean fits(byte[] compressed) {
        return base64Length(compressed.length) <= bodyBudget;
    }

    static long base64Length(long bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    private static Payload payload(byte[] compressed, boolean claimCheck, List<Field> fields) {
        long samples = 0;
        for (Field field : fields) {
            samples += field.samples();
        }
        return new Payload(compressed, claimCheck, fields.size(), samples);
    }

    private static long rawSize(List<Field> fields) {
        long size = 0;
        for (Field field : fields) {
            size += field.bytes().length;
        }
        return size;
    }

    private static byte[] concat(List<Field> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, rawSize(fields)));
        for (Field field : fields) {
            out.writeBytes(field.bytes());
        }
        return out.toByteArray();
    }
}
