package io.promless.local;

import io.promless.blocks.compact.CompactionService;
import io.promless.ingest.IngestService;
import io.promless.local.head.FileHeadStore;
import io.promless.local.queue.FileMessageQueue;
import io.promless.remote.QueueAppendable;
import io.promless.scrape.ScrapeEngine;
import io.promless.telemetry.MetricRegistry;
import io.promless.tsdb.head.HeadQueryable;

/** Publishes the components' own counters on /metrics, so Promless can monitor itself. */
final class SelfMetrics {
    private SelfMetrics() {}

    static void register(MetricRegistry registry, IngestService ingest, IngestWorker worker, FileMessageQueue queue,
            FileMessageQueue deadLetters, QueueAppendable scrapeSink, ScrapeEngine scrape, FileHeadStore head,
            HeadQueryable queryable) {
        registry.counterCallback("promless_ingest_messages_total", "Queue messages ingested successfully.", ingest::messagesIngested);
        registry.counterCallback("promless_ingest_messages_failed_total", "Queue messages that failed to ingest (retried or dead-lettered).", ingest::messagesFailed);
        registry.counterCallback("promless_ingest_messages_undecodable_total", "Queue messages that could not be decoded.", ingest::messagesUndecodable);
        registry.counterCallback("promless_ingest_messages_dead_lettered_total", "Queue messages moved to the dead-letter queue.", worker::messagesDeadLettered);
        registry.counterCallback("promless_samples_ingested_total", "Samples written to the head.", ingest::samplesIngested);
        registry.counterCallback("promless_ingest_series_rejected_total", "Series rejected by validation (invalid or duplicate labels).", ingest::seriesRejected);
        registry.counterCallback("promless_ingest_samples_rejected_total", "Samples rejected by validation.", ingest::samplesRejected);
        registry.counterCallback("promless_ingest_duplicate_samples_dropped_total", "Exact duplicate samples dropped.", ingest::duplicateSamplesDropped);
        registry.gaugeCallback("promless_queue_depth", "Messages waiting in the ingest queue.", queue::depth);
        registry.gaugeCallback("promless_dead_letter_queue_depth", "Messages waiting in the dead-letter queue.", deadLetters::depth);
        registry.counterCallback("promless_queue_messages_sent_total", "Remote-write messages the scrape side sent to the queue.", scrapeSink::messagesSent);
        registry.counterCallback("promless_queue_messages_failed_total", "Remote-write messages the queue did not accept.", scrapeSink::messagesFailed);
        registry.counterCallback("promless_queue_claim_checks_total", "Payloads too large for the queue, stored as claim checks.", scrapeSink::claimChecksStored);
        registry.counterCallback("promless_scrapes_total", "Target scrapes attempted.", scrape::scrapes);
        registry.counterCallback("promless_scrapes_failed_total", "Target scrapes that failed (up=0).", scrape::scrapesFailed);
        registry.counterCallback("promless_scrape_samples_appended_total", "Samples appended by scrapes, synthetic series included.", scrape::samplesAppended);
        registry.counterCallback("promless_scrape_stale_markers_total", "Staleness markers written for series that disappeared.", scrape::staleMarkersAppended);
        registry.counterCallback("promless_head_corrupt_files_skipped_total", "Head files skipped on load because they were damaged.", head::corruptFilesSkipped);
        registry.counterCallback("promless_head_corrupt_segments_total", "Head segments skipped by queries because they could not be decoded.", queryable::corruptSegments);
    }

    static void registerCompaction(MetricRegistry registry, CompactionService compaction) {
        registry.counterCallback("promless_compaction_runs_total", "Compaction runs.", compaction::runs);
        registry.counterCallback("promless_compaction_steps_failed_total", "Compaction steps that failed (retried by the next run).", compaction::stepsFailed);
        registry.counterCallback("promless_compaction_blocks_written_total", "Level-1 and late-sample blocks written from the head.", compaction::blocksWritten);
        registry.counterCallback("promless_compaction_samples_total", "Samples compacted from the head into blocks.", compaction::samplesCompacted);
        registry.counterCallback("promless_compaction_late_samples_total", "Samples that reached the head after their window was compacted.", compaction::lateSamples);
        registry.counterCallback("promless_compaction_blocks_merged_total", "Blocks merged into larger ones by level compaction.", compaction::blocksMerged);
        registry.counterCallback("promless_blocks_deleted_by_retention_total", "Blocks deleted by retention.", compaction::blocksDeleted);
    }
}
