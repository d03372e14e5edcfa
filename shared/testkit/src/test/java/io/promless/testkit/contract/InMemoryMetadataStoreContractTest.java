package io.promless.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.model.MetricMetadata;
import io.promless.model.MetricType;
import io.promless.storage.InMemoryMetadataStore;
import io.promless.storage.MetadataStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryMetadataStoreContractTest extends MetadataStoreContract {
    @Override
    protected MetadataStore newStore() {
        return new InMemoryMetadataStore();
    }

    @Test
    void keepsOnlyTheNewestEntriesOfAFamilyWhoseHelpKeepsChanging() {
        InMemoryMetadataStore store = new InMemoryMetadataStore();
        int written = InMemoryMetadataStore.MAX_ENTRIES_PER_METRIC + 3;
        for (int i = 0; i < written; i++) {
            store.put(List.of(new MetricMetadata("flaky", MetricType.GAUGE, "help " + i, "")));
        }

        List<MetricMetadata> kept = store.get("flaky", -1, -1).get("flaky");

        assertThat(kept).hasSize(InMemoryMetadataStore.MAX_ENTRIES_PER_METRIC);
        assertThat(kept.get(0).help()).isEqualTo("help 3");
        assertThat(kept.get(kept.size() - 1).help()).isEqualTo("help " + (written - 1));
    }
}
