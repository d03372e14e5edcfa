package io.promless.blocks;

import static io.promless.blocks.BlockWriterReaderTest.assertSameSeries;
import static org.assertj.core.api.Assertions.assertThat;

import io.promless.blocks.query.BlockQueryable;
import io.promless.local.memory.InMemoryObjectStore;
import io.promless.model.labels.LabelMatcher;
import io.promless.model.labels.MatchType;
import io.promless.storage.Querier;
import io.promless.storage.Series;
import java.util.List;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Blocks are read through ranged GETs only: the footer, then the column chunks a query needs. */
class RangedBlockReadTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 1_700_000_000_000L / (2 * HOUR) * (2 * HOUR);
    private static final long END = START + 2 * HOUR;
    private static final List<LabelMatcher> ONE_METRIC = List.of(LabelMatcher.equal("__name__", "metric_d107"));

    private final CountingObjectStore objects = new CountingObjectStore(new InMemoryObjectStore());
    private final BlockStore store = new BlockStore(objects);
    private final BlockIndex index = new BlockIndex(objects);
    // Written once for the class: 4000 series x 2 h at 15 s.
    private static final List<Series> data = TestSeries.generate(200, 20, START, END, 15_000, 3);
    private static final EncodedBlock block = new BlockWriter(new BlockOptions(HOUR, 256, CompressionCodecName.ZSTD))
            .write(new BlockSpec(BlockId.forWindow(1, START, END), START, END, 1, List.of("test")), data);

    @BeforeEach
    void uploadTheBlock() {
        store.upload(block);
        index.add(block.meta());
        objects.reset();
    }

    @Test
    void aSelectiveQueryReadsASmallFractionOfTheFileInAFewRangedRequests() {
        BlockReader reader = store.open(block.meta());
        long footerBytes = objects.bytesRead();
        assertThat(objects.rangedGets()).isEqualTo(1);

        List<Series> read = reader.select(ONE_METRIC, START + HOUR, END - 1);

        assertSameSeries(read, expected(ONE_METRIC, START + HOUR, END - 1));
        assertThat(read).hasSize(20);
        assertThat(objects.wholeGets()).isZero();
        assertThat(objects.sizeRequests()).isZero();
        // Footer, then one row group's label and time columns and its one data column.
        assertThat(objects.rangedGets()).isLessThanOrEqualTo(3);
        long dataBytes = objects.bytesRead() - footerBytes;
        assertThat(block.data().length).isGreaterThan(1_000_000);
        assertThat(dataBytes).isLessThan(block.data().length / 20);
        assertThat(objects.bytesRead()).isLessThan(block.data().length / 10);
        assertThat(reader.rowGroupsSkipped()).isGreaterThan(reader.rowGroupsRead() * 10);
        assertThat(store.rangedGets()).isEqualTo(objects.rangedGets());
        assertThat(store.bytesRead()).isEqualTo(objects.bytesRead());
    }

    @Test
    void aWideQueryStillNeverFetchesTheWholeObject() {
        List<LabelMatcher> all = List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+"));
        BlockReader reader = store.open(block.meta().id());
        assertSameSeries(reader.select(all, START, START + HOUR - 1), expected(all, START, START + HOUR - 1));
        assertThat(objects.wholeGets()).isZero();
        // Only the first data column of two was needed.
        assertThat(objects.bytesRead()).isLessThan(block.data().length * 3 / 4);
    }

    @Test
    void aScanReadsOneRowGroupAtATime() {
        BlockReader reader = store.open(block.meta());
        java.util.Iterator<Series> scan = reader.scan(START, END - 1);
        assertThat(objects.rangedGets()).isEqualTo(1);
        Series first = scan.next();
        assertThat(first).extracting(Series::labels).isEqualTo(expected(List.of(LabelMatcher.of(MatchType.REGEX, "__name__", ".+")),
                START, END - 1).get(0).labels());
        // The footer, then the first row group's label columns and data columns: 16 row groups in all.
        assertThat(objects.rangedGets()).isEqualTo(3);
        assertThat(objects.bytesRead()).isLessThan(block.data().length / 8);
        int count = 1;
        while (scan.hasNext()) {
            scan.next();
            count++;
        }
        assertThat(count).isEqualTo(data.size());
        assertThat(objects.wholeGets()).isZero();
    }

    @Test
    void aWarmQueryableReadsTheFooterOnceAndOnlyChecksTheIndexGeneration() {
        BlockQueryable queryable = new BlockQueryable(index, store);
        select(queryable, ONE_METRIC);
        // The index, the footer, the row group's label columns and its data columns.
        assertThat(objects.wholeGets()).isEqualTo(1);
        assertThat(objects.rangedGets()).isEqualTo(3);
        objects.reset();

        assertSameSeries(select(queryable, ONE_METRIC), expected(ONE_METRIC, START, END - 1));

        assertThat(queryable.blocksOpened()).isEqualTo(1);
        assertThat(queryable.indexReads()).isEqualTo(1);
        assertThat(queryable.indexChecks()).isEqualTo(1);
        // No index, footer or labels again: the generation check and the data column chunks.
        assertThat(objects.wholeGets()).isZero();
        assertThat(objects.rangedGets()).isEqualTo(2);
    }

    private List<Series> select(BlockQueryable queryable, List<LabelMatcher> matchers) {
        try (Querier querier = queryable.querier(START, END - 1)) {
            return querier.select(matchers);
        }
    }

    private List<Series> expected(List<LabelMatcher> matchers, long minTime, long maxTime) {
        return BlockWriterReaderTest.trim(data, minTime, maxTime).stream()
                .filter(series -> matchers.stream().allMatch(matcher -> matcher.matches(series.labels())))
                .filter(series -> series.size() > 0)
                .sorted(java.util.Comparator.comparing(Series::labels, BlockWriter.ROW_ORDER))
                .toList();
    }
}
