package io.promless.scrape.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    private static TargetSeriesState target(int series) {
        Labels targetLabels = Labels.of("job", "node", "instance", "10.0.0.1:9100");
        List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < series; i++) {
            labels.add(targetLabels.toBuilder().set("__name__", "node_metric_" + (i % 40)).set("cpu", String.valueOf(i)).build());
        }
        return new TargetSeriesState("node\u0000http://10.0.0.1:9100/metrics\u0000" + targetLabels, targetLabels, labels,
                List.of(new MetricMetadata("node_metric_0", MetricType.GAUGE, "A gauge.", "")));
    }

    @Test
    void targetStateRoundTripsSortedAndCompressesWell() {
        TargetSeriesState state = target(1000);

        byte[] encoded = StateCodec.encodeTarget(state);

        assertThat(StateCodec.decodeTarget(encoded)).isEqualTo(state);
        assertThat(state.series()).isSorted();
        assertThat(encoded.length).as("bytes for 1,000 series").isLessThan(StateCodec.encodeTargetRaw(state).length / 8);
    }

    @Test
    void digestsIdentifyContentNotOrder() {
        TargetSeriesState state = target(3);
        TargetSeriesState reordered = new TargetSeriesState(state.targetKey(), state.targetLabels(),
                state.series().reversed(), state.metadata());
        TargetSeriesState other = target(4);

        assertThat(reordered.digest()).isEqualTo(state.digest()).hasSize(32);
        assertThat(other.digest()).isNotEqualTo(state.digest());
        assertThat(state.targetId()).matches("[0-9a-f]{32}").isEqualTo(TargetSeriesState.idOf(state.targetKey()));
    }

    @Test
    void groupsRoundTrip() {
        TargetHealth health = new TargetHealth("0123456789abcdef0123456789abcdef", "digest", 1, 2, false, "sample limit exceeded", 3, 4);
        HealthGroup group = new HealthGroup("shard-7", 12, Map.of(health.targetId(), health));

        assertThat(StateCodec.decodeGroup(StateCodec.encodeGroup(group))).isEqualTo(group);
    }

    @Test
    void corruptOrForeignBytesGiveAClearError() {
        byte[] group = StateCodec.encodeGroup(HealthGroup.empty("all"));
        byte[] truncated = StateCodec.encodeTarget(target(10));
        truncated = java.util.Arrays.copyOf(truncated, truncated.length / 2);
        byte[] cut = truncated;

        assertThatThrownBy(() -> StateCodec.decodeTarget(group)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stored target state is corrupt: expected format 1, found 2");
        assertThatThrownBy(() -> StateCodec.decodeTarget(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stored target state is corrupt");
        assertThatThrownBy(() -> StateCodec.decodeCatalog(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no bytes");
    }

    @Test
    void groupNamesMustBeSafeInObjectKeys() {
        assertThatThrownBy(() -> HealthGroup.empty("../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state group must be letters");
    }
}
