package io.promless.exposition;

import io.promless.model.MetricMetadata;
import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/** A handler that keeps everything a parser reports, in order. */
final class RecordingHandler implements ScrapeHandler {
    record RecordedSample(Labels labels, double value, long timestampMillis) {}

    record RecordedExemplar(Labels sampleLabels, Exemplar exemplar) {}

    final List<MetricMetadata> metadata = new ArrayList<>();
    final List<RecordedSample> samples = new ArrayList<>();
    final List<RecordedExemplar> exemplars = new ArrayList<>();

    @Override
    public void metadata(MetricMetadata entry) {
        metadata.add(entry);
    }

    @Override
    public void sample(Labels labels, double value, long timestampMillis) {
        samples.add(new RecordedSample(labels, value, timestampMillis));
    }

    @Override
    public void exemplar(Labels sampleLabels, Exemplar exemplar) {
        exemplars.add(new RecordedExemplar(sampleLabels, exemplar));
    }

    static RecordingHandler parse(ExpositionParser parser, String body) throws ExpositionException {
        RecordingHandler handler = new RecordingHandler();
        parser.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), handler);
        return handler;
    }
}
