package io.promless.scrape.kubernetes;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a pod finds its API server and credentials: the {@code KUBERNETES_SERVICE_HOST} and
 * {@code KUBERNETES_SERVICE_PORT} variables and the mounted service account directory
 * ({@code token}, {@code ca.crt}, {@code namespace}). Injectable so tests need no real pod.
 *
 * @param environment looks up environment variables; null when unset
 * @param serviceAccountDirectory the directory holding {@code token}, {@code ca.crt} and {@code namespace}
 */
public record InCluster(Function<String, String> environment, Path serviceAccountDirectory) {
    public static final Path SERVICE_ACCOUNT_DIRECTORY = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    public InCluster {
        requireNonNull(environment, "environment is null");
        requireNonNull(serviceAccountDirectory, "serviceAccountDirectory is null");
    }

    /** The real process environment and the standard mount point. */
    public static InCluster standard() {
        return new InCluster(System::getenv, SERVICE_ACCOUNT_DIRECTORY);
    }

    Path tokenFile() {
        return serviceAccountDirectory.resolve("token");
    }

    Path caFile() {
        return serviceAccountDirectory.resolve("ca.crt");
    }

    Path namespaceFile() {
        return serviceAccountDirectory.resolve("namespace");
    }
}
