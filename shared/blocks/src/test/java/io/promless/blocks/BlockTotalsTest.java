package io.promless.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlockTotalsTest {
    @Test
    void sumsBlocksAndSpansTheirTimes() {
        BlockMeta early = new BlockMeta("L1-0000000000000-0000007200000", 0, 7_200_000, 10, 1_000, 10, 2_000,
                List.of("__name__"), 1, List.of());
        BlockMeta late = new BlockMeta("L1-0000007200000-0000014400000", 7_200_000, 14_400_000, 12, 1_500, 12, 2_500,
                List.of("__name__"), 1, List.of());

        assertThat(BlockTotals.of(List.of(early, late))).isEqualTo(new BlockTotals(2, 4_500, 0, 14_400_000, 22, 2_500));
        assertThat(BlockTotals.of(List.of())).isEqualTo(new BlockTotals(0, 0, 0, 0, 0, 0));
    }
}
