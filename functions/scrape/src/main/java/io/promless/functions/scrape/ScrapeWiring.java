package io.promless.functions.scrape;

import io.promless.aws.AwsClients;
import io.promless.aws.discovery.Ec2DiscoveryFactory;
import io.promless.config.ConfigLoader;
import io.promless.config.PrometheusConfig;
import io.promless.errors.ErrorType;
import io.promless.errors.PromlessException;
import io.promless.exposition.ExpositionFormat;
import io.promless.ports.ObjectStore;
import io.promless.remote.QueueAppendable;
import io.promless.scrape.DiscoveryFactory;
import io.promless.scrape.FileDiscovery;
import io.promless.scrape.LocalTargetFiles;
import io.promless.scrape.ObjectStoreTargetFiles;
import io.promless.scrape.ScrapeEngine;
import io.promless.scrape.ScrapeService;
import io.promless.scrape.ScrapeTarget;
import io.promless.scrape.TargetHash;
import io.promless.scrape.state.ObjectScrapeStateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The scrape function's composition root: prometheus.yml from the bucket (key in PROMLESS_CONFIG),
 * samples to the SQS queue as remote-write messages, claim checks to the bucket, scrape state
 * (staleness, health, target catalog) under scrape-state/ in the bucket. file_sd target files are
 * read from the bucket next to prometheus.yml, else from the function's package; ec2_sd_configs
 * call EC2 with the function's role unless the entry names other credentials.
 */
public final class ScrapeWiring {
    static final String CONFIG_KEY_VARIABLE = "PROMLESS_CONFIG";
    /** The bucket prefix the function may read target files under (its IAM policy's scope). */
    static final String TARGET_FILES_PREFIX_VARIABLE = "PROMLESS_TARGET_FILES_PREFIX";
    /** The number of scrape shards the template schedules (its ScrapeShards parameter). */
    static final String SCRAPE_SHARDS_VARIABLE = "PROMLESS_SCRAPE_SHARDS";
    private static final Path PACKAGE_ROOT = Path.of(".");

    private ScrapeWiring() {}

    static ScrapeService fromEnvironment() {
        return from(AwsClients.fromEnvironment(), System.getenv());
    }

    /** The scrape service over these clients; {@code environment} names the config key. */
    public static ScrapeService from(AwsClients clients, Map<String, String> environment) {
        PrometheusConfig config = loadConfig(clients.objectStore(), environment);
        QueueAppendable sink = new QueueAppendable(clients.messageQueue(), clients.objectStore());
        // Staleness state and target health live in the bucket, shared by every container. One
        // state group per shard: only that shard's invocation writes it, so writes never race.
        int shards = scrapeShards(environment);
        ScrapeEngine engine = new ScrapeEngine(sink, contentType -> ExpositionFormat.fromContentType(contentType).parser(),
                System::nanoTime, new ObjectScrapeStateStore(clients.objectStore()), target -> stateGroup(target, shards));
        return new ScrapeService(config, engine, discoveries(clients.objectStore(), configKey(environment),
                environment.getOrDefault(TARGET_FILES_PREFIX_VARIABLE, "")));
    }

    /** Target files from the bucket (beside the config) or else the package; then the standard mechanisms and EC2. */
    static DiscoveryFactory discoveries(ObjectStore objects, String configKey, String targetFilesPrefix) {
        var targetFiles = new ObjectStoreTargetFiles(objects, PACKAGE_ROOT, configKey, targetFilesPrefix)
                .orElse(LocalTargetFiles.INSTANCE);
        return FileDiscovery.factory(targetFiles).or(DiscoveryFactory.standard()).or(new Ec2DiscoveryFactory());
    }

    /** The state group of a target: its shard, named with the shard count so a re-sharding starts fresh groups. */
    static String stateGroup(ScrapeTarget target, int shards) {
        return "shard-" + TargetHash.of(target).shard(shards) + "-of-" + shards;
    }

    /** PROMLESS_SCRAPE_SHARDS, 1 when unset; a malformed value stops the function with a clear error. */
    static int scrapeShards(Map<String, String> environment) {
        String value = environment.getOrDefault(SCRAPE_SHARDS_VARIABLE, "1").trim();
        try {
            int shards = Integer.parseInt(value);
            if (shards >= 1) {
                return shards;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new PromlessException(ErrorType.BAD_DATA, SCRAPE_SHARDS_VARIABLE + " must be a positive integer, got \"" + value + "\"");
    }

    private static String configKey(Map<String, String> environment) {
        return environment.getOrDefault(CONFIG_KEY_VARIABLE, "prometheus.yml");
    }

    /** Reads and validates prometheus.yml; a missing or invalid file stops the function with a clear error. */
    static PrometheusConfig loadConfig(ObjectStore objects, Map<String, String> environment) {
        String key = configKey(environment);
        byte[] yaml = objects.get(key).orElseThrow(() -> new PromlessException(ErrorType.BAD_DATA,
                "no Prometheus configuration at key " + key + " of the bucket (set " + CONFIG_KEY_VARIABLE + ", upload prometheus.yml)"));
        // Files named in the config (password_file, ca_file...) resolve against the package root;
        // errors name the key and line.
        return ConfigLoader.standard().load(key, new String(yaml, StandardCharsets.UTF_8), PACKAGE_ROOT);
    }
}
