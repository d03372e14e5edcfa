package io.promless.config;

import io.promless.config.yaml.YamlFields;
import io.promless.config.yaml.YamlNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the HTTP client keys that sit inline in a scrape config (and other sections) and
 * validates them with the rules and wording of Prometheus's common HTTP client config.
 */
final class HttpClientConfigReader {
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "authorization", "host", "content-encoding", "content-length", "content-type", "user-agent",
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "www-authenticate",
            "accept-encoding", "x-prometheus-remote-write-version", "x-prometheus-remote-read-version",
            "x-prometheus-scrape-timeout-seconds", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256");
    private static final List<String> TLS_VERSIONS = List.of("TLS10", "TLS11", "TLS12", "TLS13");

    private final Path baseDirectory;

    HttpClientConfigReader(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    /** Reads a bare HTTP client config block (e.g. a standalone file). */
    HttpClientConfig readBlock(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "config.plain");
        HttpClientConfig config = read(fields);
        fields.finish();
        return config;
    }

    HttpClientConfig read(YamlFields fields) {
        Optional<BasicAuth> basicAuth = fields.take("basic_auth").map(this::basicAuth);
        Optional<Authorization> authorization = fields.take("authorization").map(this::authorization);
        Optional<YamlNode> oauth2Node = fields.take("oauth2");
        boolean oauth2 = oauth2Node.isPresent();
        Optional<String> bearerToken = fields.string("bearer_token").filter(s -> !s.isEmpty());
        Optional<String> bearerTokenFile = fields.string("bearer_token_file").filter(s -> !s.isEmpty());
        TlsConfig tls = fields.take("tls_config").map(this::tls).orElse(TlsConfig.DEFAULT);
        Optional<String> proxyUrl = fields.string("proxy_url").filter(s -> !s.isEmpty());
        Optional<String> noProxy = fields.string("no_proxy").filter(s -> !s.isEmpty());
        boolean proxyFromEnvironment = fields.bool("proxy_from_environment", false);
        Map<String, List<String>> proxyConnectHeader = headerLists(fields.take("proxy_connect_header"));
        boolean followRedirects = fields.bool("follow_redirects", true);
        boolean enableHttp2 = fields.bool("enable_http2", true);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Map<String, List<String>> headerFiles = new LinkedHashMap<>();
        fields.take("http_headers").ifPresent(node -> readHeaders(node, headers, headerFiles));

        if (bearerToken.isPresent() && bearerTokenFile.isPresent()) {
            throw new ConfigException("at most one of bearer_token & bearer_token_file must be configured");
        }
        int authCount = (basicAuth.isPresent() ? 1 : 0) + (oauth2 ? 1 : 0) + (authorization.isPresent() ? 1 : 0);
        boolean bearer = bearerToken.isPresent() || bearerTokenFile.isPresent();
        if ((basicAuth.isPresent() || oauth2) && bearer) {
            throw new ConfigException("at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }
        if (authCount > 1) {
            throw new ConfigException("at most one of basic_auth, oauth2 & authorization must be configured");
        }
        if (authorization.isPresent() && bearer) {
            throw new ConfigException("authorization is not compatible with bearer_token & bearer_token_file");
        }
        oauth2Node.ifPresent(this::validateOAuth2);
        if (bearer) {
            authorization = Optional.of(new Authorization(Authorization.DEFAULT_TYPE,
                    bearerToken.map(Secret::new), bearerTokenFile.map(this::resolve)));
        }
        if (noProxy.isPresent() && proxyUrl.isEmpty() && !proxyFromEnvironment) {
            throw new ConfigException("if no_proxy is configured, proxy_url must also be configured");
        }
        if (proxyFromEnvironment && proxyUrl.isPresent()) {
            throw new ConfigException("if proxy_from_environment is configured, proxy_url must not be configured");
        }
        if (proxyFromEnvironment && noProxy.isPresent()) {
            throw new ConfigException("if proxy_from_environment is configured, no_proxy must not be configured");
        }
        if (!proxyConnectHeader.isEmpty() && proxyUrl.isEmpty() && !proxyFromEnvironment) {
            throw new ConfigException("if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured");
        }
        return new HttpClientConfig(basicAuth, authorization, oauth2, tls, proxyUrl, followRedirects, enableHttp2,
                headers, headerFiles);
    }

    private BasicAuth basicAuth(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "config.plain");
        Optional<String> username = fields.string("username").filter(s -> !s.isEmpty());
        Optional<String> usernameFile = fields.string("username_file").filter(s -> !s.isEmpty());
        Optional<String> usernameRef = fields.string("username_ref").filter(s -> !s.isEmpty());
        Optional<String> password = fields.string("password").filter(s -> !s.isEmpty());
        Optional<String> passwordFile = fields.string("password_file").filter(s -> !s.isEmpty());
        Optional<String> passwordRef = fields.string("password_ref").filter(s -> !s.isEmpty());
        fields.finish();
        if (count(username, usernameFile, usernameRef) > 1) {
            throw new ConfigException("at most one of basic_auth username, username_file & username_ref must be configured");
        }
        if (count(password, passwordFile, passwordRef) > 1) {
            throw new ConfigException("at most one of basic_auth password, password_file & password_ref must be configured");
        }
        return new BasicAuth(username.orElse(""), usernameFile.map(this::resolve), password.map(Secret::new),
                passwordFile.map(this::resolve));
    }

    private Authorization authorization(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "config.plain");
        String type = fields.string("type").filter(s -> !s.isEmpty()).orElse(Authorization.DEFAULT_TYPE);
        Optional<String> credentials = fields.string("credentials").filter(s -> !s.isEmpty());
        Optional<String> credentialsFile = fields.string("credentials_file").filter(s -> !s.isEmpty());
        Optional<String> credentialsRef = fields.string("credentials_ref").filter(s -> !s.isEmpty());
        fields.finish();
        if (count(credentials, credentialsFile, credentialsRef) > 1) {
            throw new ConfigException("at most one of authorization credentials & credentials_file must be configured");
        }
        if (type.toLowerCase(Locale.ROOT).equals("basic")) {
            throw new ConfigException("authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
        }
        return new Authorization(type, credentials.map(Secret::new), credentialsFile.map(this::resolve));
    }

    /** OAuth2 is accepted and validated, but scrapes do not fetch tokens yet. */
    private void validateOAuth2(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "config.plain");
        Optional<String> clientId = fields.string("client_id").filter(s -> !s.isEmpty());
        Optional<String> secret = fields.string("client_secret").filter(s -> !s.isEmpty());
        Optional<String> secretFile = fields.string("client_secret_file").filter(s -> !s.isEmpty());
        Optional<String> secretRef = fields.string("client_secret_ref").filter(s -> !s.isEmpty());
        Optional<String> key = fields.string("client_certificate_key").filter(s -> !s.isEmpty());
        Optional<String> keyFile = fields.string("client_certificate_key_file").filter(s -> !s.isEmpty());
        Optional<String> keyRef = fields.string("client_certificate_key_ref").filter(s -> !s.isEmpty());
        String grantType = fields.string("grant_type", "");
        fields.take("client_certificate_key_id");
        fields.take("signature_algorithm");
        fields.take("iss");
        fields.take("audience");
        fields.take("claims");
        fields.strings("scopes");
        Optional<String> tokenUrl = fields.string("token_url").filter(s -> !s.isEmpty());
        fields.take("endpoint_params");
        fields.take("tls_config").ifPresent(this::tls);
        fields.string("proxy_url");
        fields.string("no_proxy");
        fields.bool("proxy_from_environment");
        fields.take("proxy_connect_header");
        fields.finish();
        boolean jwtBearer = grantType.equals("urn:ietf:params:oauth:grant-type:jwt-bearer");
        if (clientId.isEmpty() && !jwtBearer) {
            throw new ConfigException("oauth2 client_id must be configured");
        }
        if (tokenUrl.isEmpty()) {
            throw new ConfigException("oauth2 token_url must be configured");
        }
        if (count(secret, secretFile, secretRef) > 1) {
            throw new ConfigException("at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured");
        }
        if (count(key, keyFile, keyRef) > 1) {
            throw new ConfigException("at most one of oauth2 client_certificate_key, client_certificate_key_file & client_certificate_key_ref must be configured using grant-type=urn:ietf:params:oauth:grant-type:jwt-bearer");
        }
    }

    TlsConfig tls(YamlNode node) {
        YamlFields fields = YamlFields.of(node, "config.plain");
        Optional<String> ca = fields.string("ca").filter(s -> !s.isEmpty());
        Optional<String> caFile = fields.string("ca_file").filter(s -> !s.isEmpty());
        Optional<String> caRef = fields.string("ca_ref").filter(s -> !s.isEmpty());
        Optional<String> cert = fields.string("cert").filter(s -> !s.isEmpty());
        Optional<String> certFile = fields.string("cert_file").filter(s -> !s.isEmpty());
        Optional<String> certRef = fields.string("cert_ref").filter(s -> !s.isEmpty());
        Optional<String> key = fields.string("key").filter(s -> !s.isEmpty());
        Optional<String> keyFile = fields.string("key_file").filter(s -> !s.isEmpty());
        Optional<String> keyRef = fields.string("key_ref").filter(s -> !s.isEmpty());
        Optional<String> serverName = fields.string("server_name").filter(s -> !s.isEmpty());
        boolean insecure = fields.bool("insecure_skip_verify", false);
        Optional<String> minVersion = fields.string("min_version").filter(s -> !s.isEmpty());
        Optional<String> maxVersion = fields.string("max_version").filter(s -> !s.isEmpty());
        fields.finish();
        for (Optional<String> version : List.of(minVersion, maxVersion)) {
            if (version.isPresent() && !TLS_VERSIONS.contains(version.get())) {
                throw new ConfigException("unknown TLS version: " + version.get());
            }
        }
        if (count(ca, caFile, caRef) > 1) {
            throw new ConfigException("at most one of ca, ca_file & ca_ref must be configured");
        }
        if (count(cert, certFile, certRef) > 1) {
            throw new ConfigException("at most one of cert, cert_file & cert_ref must be configured");
        }
        if (count(key, keyFile, keyRef) > 1) {
            throw new ConfigException("at most one of key and key_file must be configured");
        }
        boolean hasCert = count(cert, certFile, certRef) > 0;
        boolean hasKey = count(key, keyFile, keyRef) > 0;
        if (hasCert && !hasKey) {
            throw new ConfigException("exactly one of key or key_file must be configured when a client certificate is configured");
        }
        if (hasKey && !hasCert) {
            throw new ConfigException("exactly one of cert or cert_file must be configured when a client key is configured");
        }
        if (minVersion.isPresent() && maxVersion.isPresent()
                && TLS_VERSIONS.indexOf(maxVersion.get()) < TLS_VERSIONS.indexOf(minVersion.get())) {
            throw new ConfigException("tls_config.max_version must be greater than or equal to tls_config.min_version if both are specified");
        }
        return new TlsConfig(caFile.map(this::resolve), ca, certFile.map(this::resolve), cert,
                keyFile.map(this::resolve), key.map(Secret::new), serverName, insecure, minVersion, maxVersion);
    }

    private void readHeaders(YamlNode node, Map<String, List<String>> headers, Map<String, List<String>> headerFiles) {
        YamlFields names = YamlFields.of(node, "map[string]config.Header");
        for (String name : names.keys()) {
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new ConfigException("setting header \"" + canonicalHeader(name) + "\" is not allowed");
            }
            YamlFields header = YamlFields.of(names.take(name).orElse(new YamlNode.Mapping(List.of(), names.line())), "config.Header");
            List<String> values = new java.util.ArrayList<>(header.strings("values"));
            values.addAll(header.strings("secrets"));
            List<String> files = header.strings("files").stream().map(this::resolve).toList();
            header.finish();
            headers.put(name, List.copyOf(values));
            if (!files.isEmpty()) {
                headerFiles.put(name, files);
            }
        }
        names.finish();
    }

    private static Map<String, List<String>> headerLists(Optional<YamlNode> node) {
        if (node.isEmpty()) {
            return Map.of();
        }
        YamlFields fields = YamlFields.of(node.get(), "config.ProxyHeader");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : fields.keys()) {
            out.put(name, fields.strings(name));
        }
        fields.finish();
        return out;
    }

    /** Go's canonical MIME header form: {@code user-agent} becomes {@code User-Agent}. */
    static String canonicalHeader(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    String resolve(String file) {
        if (baseDirectory == null || file.isEmpty()) {
            return file;
        }
        return baseDirectory.resolve(file).toString();
    }

    @SafeVarargs
    private static int count(Optional<String>... values) {
        int count = 0;
        for (Optional<String> value : values) {
            if (value.isPresent()) {
                count++;
            }
        }
        return count;
    }
}
