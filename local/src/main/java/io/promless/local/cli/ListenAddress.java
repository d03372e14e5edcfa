package io.promless.local.cli;

import static java.util.Objects.requireNonNull;

/**
 * A {@code host:port} to listen on, as {@code --web.listen-address} takes it. An empty host
 * ({@code :9090}) means every interface, as in Prometheus; IPv6 hosts are written in brackets.
 */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        requireNonNull(host, "host is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
    }

    public static ListenAddress parse(String text) {
        requireNonNull(text, "listen address is null");
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("listen address \"" + text + "\" has no port; use host:port, e.g. 127.0.0.1:9090");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("listen address \"" + text + "\": write IPv6 hosts in brackets, e.g. [::1]:9090");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen address \"" + text + "\" has an invalid port \"" + portText + "\"", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen address \"" + text + "\" has port " + port + " outside 0-65535");
        }
        return new ListenAddress(host, port);
    }

    /** The host to bind: the wildcard address when the host was left empty. */
    public String bindHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
