package io.promless.scrape;

import io.promless.config.ConfigLoader;
import io.promless.config.FileSdConfig;
import io.promless.scrape.kubernetes.KubernetesDiscoveries;
import java.util.Optional;

/** The discoveries built from the JDK alone. */
final class StandardDiscoveries {
    private static final DiscoveryFactory FILES = (job, config) -> {
        if (config instanceof FileSdConfig fileSd) {
            return Optional.of(new FileDiscovery(fileSd, new ConfigLoader(name -> null, ConfigLoader.Mode.SERVER)));
        }
        return Optional.empty();
    };
    static final DiscoveryFactory FACTORY = FILES
            .or(KubernetesDiscoveries.standard());

    private StandardDiscoveries() {}
}
