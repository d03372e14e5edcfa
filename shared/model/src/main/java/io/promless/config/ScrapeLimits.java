package io.promless.config;

/**
 * Per-scrape limits; zero means no limit. A scrape that exceeds one fails as a whole (up=0),
 * as in Prometheus.
 */
public record ScrapeLimits(
        long sampleLimit,
        long targetLimit,
        long labelLimit,
        long labelNameLengthLimit,
        long labelValueLengthLimit,
        long bodySizeLimitBytes) {
    public static final ScrapeLimits NONE = new ScrapeLimits(0, 0, 0, 0, 0, 0);

    /** These limits, with every unset (zero) one taken from {@code defaults}. */
    public ScrapeLimits orDefaults(ScrapeLimits defaults) {
        return new ScrapeLimits(
                sampleLimit != 0 ? sampleLimit : defaults.sampleLimit,
                targetLimit != 0 ? targetLimit : defaults.targetLimit,
                labelLimit != 0 ? labelLimit : defaults.labelLimit,
                labelNameLengthLimit != 0 ? labelNameLengthLimit : defaults.labelNameLengthLimit,
                labelValueLengthLimit != 0 ? labelValueLengthLimit : defaults.labelValueLengthLimit,
                bodySizeLimitBytes != 0 ? bodySizeLimitBytes : defaults.bodySizeLimitBytes);
    }
}
