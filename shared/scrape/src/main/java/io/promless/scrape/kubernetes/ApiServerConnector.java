package io.promless.scrape.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.promless.config.Authorization;
import io.promless.config.BasicAuth;
import io.promless.config.HttpClientConfig;
import io.promless.config.KubernetesSdConfig;
import io.promless.config.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Builds the {@link ApiServerClient} of a config from one of three sources, as Prometheus picks
 * them: {@code api_server} with the config's HTTP client settings; {@code kubeconfig_file} (its
 * current context: server, CA, token, basic auth or client certificate); or, when neither is
 * set, the in-cluster service account. Credential files are re-read on every request, so
 * rotated tokens are picked up.
 */
final class ApiServerConnector {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private ApiServerConnector() {}

    /** @throws KubernetesApiException when the source is incomplete or unreadable */
    static ApiServerClient connect(KubernetesSdConfig config, InCluster inCluster) {
        if (config.httpClient().oauth2Configured()) {
            throw new KubernetesApiException("oauth2 is not supported by Promless's kubernetes_sd_configs yet; "
                    + "use authorization, bearer_token_file, basic_auth or a client certificate");
        }
        if (config.apiServer().isPresent()) {
            return explicit(config.apiServer().get(), config.httpClient());
        }
        if (config.kubeconfigFile().isPresent()) {
            return fromKubeconfig(Path.of(config.kubeconfigFile().get()));
        }
        return inCluster(inCluster);
    }

    /** The pod's own namespace from the service account directory, for {@code namespaces.own_namespace}. */
    static String ownNamespace(InCluster inCluster) {
        String namespace = read(inCluster.namespaceFile(), "could not determine the pod's namespace").trim();
        if (namespace.isEmpty()) {
            throw new KubernetesApiException("could not read own namespace name (empty file " + inCluster.namespaceFile() + ")");
        }
        return namespace;
    }

    private static ApiServerClient explicit(String apiServer, HttpClientConfig config) {
        TlsConfig tls = config.tls();
        Optional<String> ca = tls.caFile().map(file -> read(Path.of(file), "cannot read tls_config.ca_file")).or(tls::ca);
        Optional<String> certificate = tls.certFile().map(file -> read(Path.of(file), "cannot read tls_config.cert_file")).or(tls::cert);
        Optional<String> key = tls.keyFile().map(file -> read(Path.of(file), "cannot read tls_config.key_file"))
                .or(() -> tls.key().map(secret -> secret.value()));
        HttpClient.Builder builder = httpClient(ca, certificate, key, tls.insecureSkipVerify())
                .followRedirects(config.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
        config.proxyUrl().ifPresent(proxy -> {
            URI uri = URI.create(proxy);
            int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
            builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(uri.getHost(), port)));
        });
        Supplier<Map<String, String>> headers = () -> {
            Map<String, String> out = new LinkedHashMap<>();
            config.headers().forEach((name, values) -> out.put(name, String.join(",", values)));
            config.authorization().ifPresent(authorization -> out.put("Authorization", authorizationHeader(authorization)));
            config.basicAuth().ifPresent(basic -> out.put("Authorization", basicHeader(basic)));
            return out;
        };
        String hint = config.basicAuth().isPresent() ? "basic_auth"
                : config.authorization().isPresent() ? "authorization/bearer_token_file" : "the credentials (none configured: set authorization or bearer_token_file)";
        return new ApiServerClient(httpUrl(apiServer, "api_server"), builder.build(), headers, hint);
    }

    /** Prometheus accepts any URL at load time; the API server needs an http(s) one with a host. */
    private static URI httpUrl(String url, String what) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new KubernetesApiException(what + " \"" + url + "\" is not a URL: " + e.getMessage(), e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new KubernetesApiException(what + " \"" + url + "\" is not an http(s) URL with a host; write it like https://"
                    + url.replaceFirst("^[a-z]+://", ""));
        }
        return uri;
    }

    private static ApiServerClient inCluster(InCluster inCluster) {
        String host = inCluster.environment().apply("KUBERNETES_SERVICE_HOST");
        String port = inCluster.environment().apply("KUBERNETES_SERVICE_PORT");
        if (host == null || host.isEmpty() || port == null || port.isEmpty()) {
            throw new KubernetesApiException("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and "
                    + "KUBERNETES_SERVICE_PORT must be defined (not running in a pod? set api_server or kubeconfig_file)");
        }
        Path tokenFile = inCluster.tokenFile();
        Optional<String> ca = Files.exists(inCluster.caFile())
                ? Optional.of(read(inCluster.caFile(), "cannot read the service account CA")) : Optional.empty();
        HttpClient http = httpClient(ca, Optional.empty(), Optional.empty(), false).build();
        Supplier<Map<String, String>> headers = () -> Map.of("Authorization",
                "Bearer " + read(tokenFile, "cannot read the service account token").trim());
        return new ApiServerClient(URI.create("https://" + MetaLabels.joinHostPort(host, port)), http, headers,
                "the service account token at " + tokenFile + " and its RBAC permissions");
    }

    private static ApiServerClient fromKubeconfig(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(read(file, "cannot read kubeconfig_file"));
        } catch (IOException e) {
            throw new KubernetesApiException("kubeconfig_file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        String contextName = root.path("current-context").asText("");
        JsonNode context = named(root, "contexts", contextName, "context", file);
        JsonNode cluster = named(root, "clusters", context.path("cluster").asText(""), "cluster", file);
        JsonNode user = context.path("user").asText("").isEmpty() ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : named(root, "users", context.path("user").asText(""), "user", file);
        Path directory = file.toAbsolutePath().getParent();
        String server = cluster.path("server").asText("");
        if (server.isEmpty()) {
            throw new KubernetesApiException("kubeconfig_file " + file + ": cluster of context \"" + contextName + "\" has no server");
        }
        if (user.has("exec") || user.has("auth-provider")) {
            throw new KubernetesApiException("kubeconfig_file " + file + ": exec and auth-provider credentials are not supported; "
                    + "use a token, basic auth or a client certificate");
        }
        Optional<String> ca = pemOf(cluster, "certificate-authority", directory);
        Optional<String> certificate = pemOf(user, "client-certificate", directory);
        Optional<String> key = pemOf(user, "client-key", directory);
        HttpClient http = httpClient(ca, certificate, key, cluster.path("insecure-skip-tls-verify").asBoolean(false)).build();
        String token = user.path("token").asText("");
        String tokenFile = user.path("tokenFile").asText("");
        String username = user.path("username").asText("");
        Supplier<Map<String, String>> headers = () -> {
            if (!token.isEmpty()) {
                return Map.of("Authorization", "Bearer " + token);
            }
            if (!tokenFile.isEmpty()) {
                return Map.of("Authorization", "Bearer " + read(directory.resolve(tokenFile), "cannot read the kubeconfig tokenFile").trim());
            }
            if (!username.isEmpty()) {
                String pair = username + ":" + user.path("password").asText("");
                return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            return Map.of();
        };
        return new ApiServerClient(httpUrl(server, "kubeconfig_file " + file + " server"), http, headers,
                "the user credentials of kubeconfig_file " + file);
    }

    private static JsonNode named(JsonNode root, String list, String name, String field, Path file) {
        for (JsonNode entry : root.path(list)) {
            if (entry.path("name").asText("").equals(name)) {
                return entry.path(field);
            }
        }
        throw new KubernetesApiException("kubeconfig_file " + file + ": no " + field + " named \"" + name + "\" in " + list);
    }

    /** {@code <name>-data} (base64 PEM) or {@code <name>} (a file, relative to the kubeconfig). */
    private static Optional<String> pemOf(JsonNode node, String name, Path directory) {
        String data = node.path(name + "-data").asText("");
        if (!data.isEmpty()) {
            return Optional.of(new String(Base64.getMimeDecoder().decode(data), StandardCharsets.US_ASCII));
        }
        String path = node.path(name).asText("");
        return path.isEmpty() ? Optional.empty() : Optional.of(read(directory.resolve(path), "cannot read " + name));
    }

    private static HttpClient.Builder httpClient(Optional<String> ca, Optional<String> certificate, Optional<String> key,
            boolean insecure) {
        SSLContext tls;
        try {
            tls = TlsContexts.create(ca, certificate, key, insecure);
        } catch (GeneralSecurityException | IOException e) {
            throw new KubernetesApiException("cannot set up TLS to the API server: " + e.getMessage(), e);
        }
        // Kubernetes API servers answer lists over HTTP/1.1 as well; it avoids h2c upgrade attempts on plain HTTP.
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).sslContext(tls);
    }

    private static String authorizationHeader(Authorization authorization) {
        String credentials = authorization.credentials().map(secret -> secret.value())
                .or(() -> authorization.credentialsFile().map(file -> read(Path.of(file), "cannot read the credentials file").trim()))
                .orElse("");
        return authorization.type() + " " + credentials;
    }

    private static String basicHeader(BasicAuth basic) {
        String username = basic.usernameFile().map(file -> read(Path.of(file), "cannot read basic_auth.username_file").trim())
                .orElse(basic.username());
        String password = basic.password().map(secret -> secret.value())
                .or(() -> basic.passwordFile().map(file -> read(Path.of(file), "cannot read basic_auth.password_file").trim()))
                .orElse("");
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new KubernetesApiException(what + " " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }
}
