package io.promless.blocks.compact;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockWriter;
import io.promless.blocks.query.SeriesMerger;
import io.promless.storage.Series;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges sources that each yield series in {@link BlockWriter#ROW_ORDER} into one such stream:
 * series with equal labels in several sources become one, their samples interleaved by timestamp,
 * a timestamp present in several sources kept from the earliest source. Holds only the current
 * series of each source. Not thread-safe.
 */
final class RowOrderMerge implements Iterator<Series> {
    private record Cursor(int source, Iterator<Series> rest, Series current) {}

    private final PriorityQueue<Cursor> cursors = new PriorityQueue<>((left, right) -> {
        int order = BlockWriter.ROW_ORDER.compare(left.current().labels(), right.current().labels());
        return order != 0 ? order : Integer.compare(left.source(), right.source());
    });

    /** @param sources in priority order for duplicate timestamps */
    RowOrderMerge(List<Iterator<Series>> sources) {
        requireNonNull(sources, "sources is null");
        for (int source = 0; source < sources.size(); source++) {
            advance(source, sources.get(source));
        }
    }

    @Override
    public boolean hasNext() {
        return !cursors.isEmpty();
    }

    @Override
    public Series next() {
        Cursor first = cursors.poll();
        if (first == null) {
            throw new NoSuchElementException();
        }
        List<Cursor> same = new ArrayList<>(2);
        same.add(first);
        while (!cursors.isEmpty() && cursors.peek().current().labels().equals(first.current().labels())) {
            same.add(cursors.poll());
        }
        Series merged = first.current();
        for (int i = 1; i < same.size(); i++) {
            merged = SeriesMerger.merge(merged, same.get(i).current());
        }
        for (Cursor cursor : same) {
            advance(cursor.source(), cursor.rest());
        }
        return merged;
    }

    private void advance(int source, Iterator<Series> rest) {
        if (rest.hasNext()) {
            cursors.add(new Cursor(source, rest, rest.next()));
        }
    }
}
