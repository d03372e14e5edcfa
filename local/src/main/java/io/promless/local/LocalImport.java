package io.promless.local;

import static java.util.Objects.requireNonNull;

import io.promless.blocks.BlockIndex;
import io.promless.blocks.BlockMeta;
import io.promless.blocks.BlockOptions;
import io.promless.blocks.BlockStore;
import io.promless.blocks.BlockWriter;
import io.promless.blocks.backfill.ImportOptions;
import io.promless.blocks.backfill.ImportResult;
import io.promless.blocks.backfill.OpenMetricsImporter;
import io.promless.local.cli.ImportArguments;
import io.promless.local.objects.FileObjectStore;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code promless import openmetrics FILE}: backfills blocks into the local mode's object store
 * ({@code <storage path>/objects}), where the local mode's block reader finds them. Prints the
 * blocks written as promtool does.
 */
public final class LocalImport {
    private LocalImport() {}

    /** The object store directory of the local mode under its storage path. */
    public static Path objectsDirectory(Path storagePath) {
        return storagePath.resolve("objects");
    }

    /** @throws io.promless.errors.PromlessException naming the file and line when the file is malformed */
    public static ImportResult run(ImportArguments arguments, PrintStream out) {
        requireNonNull(arguments, "arguments is null");
        requireNonNull(out, "out is null");
        FileObjectStore objects = new FileObjectStore(objectsDirectory(arguments.storagePath()));
        OpenMetricsImporter importer = new OpenMetricsImporter(new BlockStore(objects), new BlockIndex(objects),
                new BlockWriter(BlockOptions.defaults()), ImportOptions.defaults());
        ImportResult result = importer.importFile(arguments.file());
        out.printf("%-52s %-14s %-14s %-9s %-12s %-11s %s%n", "BLOCK ID", "MIN TIME", "MAX TIME", "DURATION",
                "NUM SAMPLES", "NUM SERIES", "SIZE");
        for (BlockMeta meta : result.blocks()) {
            out.printf("%-52s %-14d %-14d %-9s %-12d %-11d %d%n", meta.id(), meta.minTime(), meta.maxTime(),
                    (meta.maxTime() - meta.minTime()) / 60_000 + "m", meta.sampleCount(), meta.seriesCount(), meta.dataBytes());
        }
        out.printf("imported %d samples into %d blocks under %s%s%n", result.samples(), result.blocks().size(),
                objectsDirectory(arguments.storagePath()),
                result.duplicatesDropped() == 0 ? "" : " (" + result.duplicatesDropped()
                        + " samples repeating an earlier timestamp of their series were dropped)");
        return result;
    }
}
