package io.promless.scrape.kubernetes;

/** A list request the API server refused or answered with something that is not a list; the message says what to check. */
final class KubernetesApiException extends RuntimeException {
    KubernetesApiException(String message) {
        super(message);
    }

    KubernetesApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
