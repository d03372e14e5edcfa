package io.promless.ingest;

import io.promless.ports.QueueMessage;
import io.promless.remote.QueueAppendable;
import io.promless.remote.RemoteTimeSeries;
import io.promless.remote.RemoteWriteEncoder;
import io.promless.remote.RemoteWriteRequest;
import io.promless.remote.Snappy;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Builds queue messages the way the queue sender does. */
final class Messages {
    private Messages() {}

    static QueueMessage remoteWrite(String id, RemoteTimeSeries... series) {
        byte[] protobuf = RemoteWriteEncoder.encode(RemoteWriteRequest.of(List.of(series), List.of()));
        return body(id, Base64.getEncoder().encodeToString(Snappy.compress(protobuf)));
    }

    static QueueMessage body(String id, String body) {
        return new QueueMessage(id, body, QueueAppendable.remoteWriteAttributes(), "receipt-" + id);
    }

    static QueueMessage withAttributes(String id, String body, Map<String, String> attributes) {
        return new QueueMessage(id, body, attributes, "receipt-" + id);
    }

    static RemoteTimeSeries series(String[] namesAndValues, long[] timestamps, double[] values) {
        String[] names = new String[namesAndValues.length / 2];
        String[] labelValues = new String[namesAndValues.length / 2];
        for (int i = 0; i < names.length; i++) {
            names[i] = namesAndValues[2 * i];
            labelValues[i] = namesAndValues[2 * i + 1];
        }
        return new RemoteTimeSeries(names, labelValues, timestamps, values, true);
    }

    static RemoteTimeSeries series(String... namesAndValues) {
        return series(namesAndValues, new long[] {1000}, new double[] {1});
    }
}
