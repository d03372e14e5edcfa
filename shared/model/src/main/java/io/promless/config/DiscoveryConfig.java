package io.promless.config;

/**
 * One parsed service discovery entry of a scrape config ({@code file_sd_configs},
 * {@code kubernetes_sd_configs}...). The scrape side turns each into a discovery that yields
 * target groups; the config side only validates and holds the settings.
 */
public interface DiscoveryConfig {
    /** The YAML section this entry came from, e.g. {@code file_sd_configs}. */
    String sectionName();
}
