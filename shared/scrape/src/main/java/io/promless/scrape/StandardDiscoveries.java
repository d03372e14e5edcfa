package io.promless.scrape;

import io.promless.config.ConfigLoader;
import io.promless.config.FileSdConfig;
import java.util.Optional;

/** The discoveries built from the JDK alone. */
final class StandardDiscoveries {
    static final DiscoveryFactory FACTORY = (job, config) -> {
        if (config instanceof FileSdConfig fileSd) {
            return Optional.of(new FileDiscovery(fileSd, new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER)));
        }
        return Optional.empty();
    };

    private StandardDiscoveries() {}
}
