package io.promless.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Targets split across scrape shards by a stable hash. */
class ScrapeShardTest {
    private static final ConfigLoader LOADER = new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER);
    /** TargetHash of job node, http://host-42:9100/metrics, {instance="host-42:9100", job="node"}. */
    private static final String PINNED_HASH = "5c7027dc4aa9396f";

    /** One job of {@code count} static targets named host-{first..}:9100. */
    private static List<ScrapeTarget> targets(int first, int count) {
        String addresses = IntStream.range(first, first + count).mapToObj(i -> "'host-" + i + ":9100'")
                .collect(Collectors.joining(", "));
        PrometheusConfig config = LOADER.parse("""
                scrape_configs:
                  - job_name: node
                    static_configs: [{targets: [%s]}]
                """.formatted(addresses), null);
        return ScrapeTarget.fromConfig(config);
    }

    @Test
    void everyTargetIsInExactlyOneShard() {
        List<ScrapeTarget> all = targets(0, 1_000);
        for (int shards : new int[] {1, 2, 3, 7, 16}) {
            Map<ScrapeTarget, Integer> owners = new HashMap<>();
            for (int index = 0; index < shards; index++) {
                ScrapeShard shard = new ScrapeShard(index, shards);
                for (ScrapeTarget target : all) {
                    if (shard.owns(target)) {
                        assertThat(owners.put(target, index)).as("%s owned twice with %d shards", target.address(), shards).isNull();
                    }
                }
            }
            assertThat(owners).as("%d shards", shards).hasSize(all.size());
        }
    }

    @Test
    void thousandTargetsAreBalanced() {
        List<ScrapeTarget> all = targets(0, 1_000);
        // With a uniform hash each count is binomial; 4 standard deviations around the mean
        // never fail by chance for this fixed target set and catch a skewed hash.
        record Case(int shards, double tolerance) {}
        for (Case c : List.of(new Case(2, 0.13), new Case(4, 0.22), new Case(8, 0.34), new Case(16, 0.5))) {
            int[] counts = new int[c.shards()];
            all.forEach(target -> counts[TargetHash.of(target).shard(c.shards())]++);
            double mean = all.size() / (double) c.shards();
            for (int count : counts) {
                assertThat(Math.abs(count - mean) / mean).as("%d shards: %s", c.shards(), java.util.Arrays.toString(counts))
                        .isLessThanOrEqualTo(c.tolerance());
            }
        }
    }

    @Test
    void aTargetKeepsItsShardWhenOtherTargetsComeAndGo() {
        List<ScrapeTarget> before = targets(0, 1_000);
        List<ScrapeTarget> after = targets(500, 1_000); // half gone, 500 new
        Map<String, Integer> shardBefore = new HashMap<>();
        before.forEach(target -> shardBefore.put(target.address(), TargetHash.of(target).shard(8)));

        long kept = after.stream().filter(target -> shardBefore.containsKey(target.address()))
                .peek(target -> assertThat(TargetHash.of(target).shard(8)).isEqualTo(shardBefore.get(target.address())))
                .count();

        assertThat(kept).isEqualTo(500);
    }

    @Test
    void theHashIsPinnedAcrossProcessesAndReleases() {
        // Every container and every release must agree on a target's shard and offset.
        ScrapeTarget target = targets(42, 1).get(0);

        assertThat(TargetHash.of(target).value()).isEqualTo(TargetHash.of(targets(42, 1).get(0)).value());
        assertThat(Long.toHexString(TargetHash.of(target).value())).isEqualTo(PINNED_HASH);
    }

    @Test
    void theHashDependsOnJobUrlAndLabels() {
        List<ScrapeTarget> variants = ScrapeTarget.fromConfig(LOADER.parse("""
                scrape_configs:
                  - job_name: a
                    static_configs: [{targets: ['h:1']}, {targets: ['h:1'], labels: {env: x}}]
                  - job_name: b
                    static_configs: [{targets: ['h:1']}]
                  - job_name: c
                    metrics_path: /other
                    static_configs: [{targets: ['h:1']}]
                """, null));

        assertThat(variants).hasSize(4);
        assertThat(variants.stream().map(target -> TargetHash.of(target).value()).distinct()).hasSize(4);
    }

    @Test
    void badShardsAreRejected() {
        assertThatThrownBy(() -> new ScrapeShard(0, 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new ScrapeShard(3, 3)).hasMessageContaining("[0, 3)");
        assertThatThrownBy(() -> new ScrapeShard(-1, 3)).hasMessageContaining("[0, 3)");
        assertThat(ScrapeShard.ALL.owns(targets(0, 1).get(0))).isTrue();
    }
}
