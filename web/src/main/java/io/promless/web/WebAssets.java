package io.promless.web;

import static java.util.Objects.requireNonNull;

import io.promless.api.ApiHandler;
import io.promless.api.ApiRequest;
import io.promless.api.ApiResponse;
import io.promless.api.ApiResponses;
import io.promless.api.ResponseCompression;
import io.promless.api.RouteTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The web UI: its pages ({@code /query}, {@code /alerts}, {@code /targets},
 * {@code /service-discovery}, {@code /rules}, {@code /status}; {@code /} redirects to {@code /query}), its own scripts and styles under
 * {@code /assets/app/}, third-party libraries under {@code /assets/lib/<webjar>/<version>/},
 * read from the WebJars on the classpath, and the bundles built at build time (the expression
 * editor) under {@code /assets/bundle/<digest>/<file>}, where the digest is of the file's content.
 * Pages name a bundle as {@code {{bundle:<file>}}}, which is replaced by that path when the page
 * is loaded, so a page always names the bundle it is served with. Pages and own assets are
 * revalidated on every use ({@code no-cache} with an ETag); library files and bundles carry their
 * version or digest in the path and are cached for a year as immutable. Only
 * GET and HEAD are served, gzipped (once, when loaded) for clients that accept it, only files with a known content type, and only below the fixed roots
 * (no {@code ..} or empty segments). Pages and scripts use relative URLs, so the UI also works
 * behind an API Gateway stage prefix. Thread-safe; never throws.
 */
public final class WebAssets implements ApiHandler {
    public static final String ASSETS_PREFIX = "/assets/";
    public static final List<String> PAGES = List.of("/query", "/alerts", "/targets", "/service-discovery", "/rules", "/status");

    static final String NO_CACHE = "no-cache";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private static final String APP_PREFIX = ASSETS_PREFIX + "app/";
    private static final String LIBRARY_PREFIX = ASSETS_PREFIX + "lib/";
    private static final String BUNDLE_PREFIX = ASSETS_PREFIX + "bundle/";
    private static final String BUNDLE_ROOT = "io/promless/web/ui/bundle/";
    private static final int MIN_GZIP_BYTES = 1024;
    private static final Pattern BUNDLE_REFERENCE = Pattern.compile("\\{\\{bundle:([a-zA-Z0-9._-]+)}}");
    private static final String UI_ROOT = "io/promless/web/ui/";
    private static final String WEBJAR_ROOT = "META-INF/resources/webjars/";
    /** The WebJars the pages use; nothing else on the classpath is served. */
    private static final Set<String> LIBRARIES = Set.of("uplot");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "map", "application/json");
    /**
     * Scripts and styles only from this origin: a label or annotation that slips past escaping
     * still cannot run script. Inline styles stay allowed because uPlot positions with them.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'none'";

    private final ClassLoader classLoader;
    /** Found files only: requests for missing paths must not grow it. */
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    public WebAssets() {
        this(WebAssets.class.getClassLoader());
    }

    /** @param classLoader where the UI files and WebJars are looked up */
    public WebAssets(ClassLoader classLoader) {
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
    }

    /** Adds the UI's routes ({@code /}, the pages and {@code /assets/}) to a route table. */
    public RouteTable.Builder addRoutes(RouteTable.Builder routes) {
        requireNonNull(routes, "routes is null");
        routes.exact("/", this);
        PAGES.forEach(page -> routes.exact(page, this));
        return routes.prefix(ASSETS_PREFIX, this);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        requireNonNull(request, "request is null");
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return ApiResponses.plainText(405, "Method Not Allowed\n").withHeader("Allow", "GET, HEAD");
        }
        String path = request.path();
        if (path.equals("/")) {
            // Relative, so that a stage prefix in front of the UI is kept.
            return new ApiResponse(302, Map.of("Location", "query", "Cache-Control", NO_CACHE), new byte[0]);
        }
        Optional<Located> located = locate(path);
        if (located.isEmpty()) {
            return ApiResponses.notFound();
        }
        Asset asset;
        try {
            asset = asset(located.get().resource());
        } catch (MissingResource e) {
            return ApiResponses.notFound();
        } catch (UncheckedIOException e) {
            return ApiResponses.plainText(500, "cannot read " + path + "\n");
        }
        if (located.get().digest().filter(digest -> !digest.equals(asset.digest())).isPresent()) {
            // An old page's bundle: only the current one is served under its digest.
            return ApiResponses.notFound();
        }
        String cacheControl = located.get().versioned() ? IMMUTABLE : NO_CACHE;
        boolean gzip = asset.gzipped().isPresent()
                && ResponseCompression.acceptsGzip(request.header("Accept-Encoding").orElse(""));
        // Each encoding is its own representation, with its own validator.
        String etag = gzip ? asset.gzipEtag() : asset.etag();
        if (request.header("If-None-Match").filter(etag::equals).isPresent()) {
            return new ApiResponse(304, Map.of("ETag", etag, "Cache-Control", cacheControl), new byte[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", asset.contentType());
        headers.put("Cache-Control", cacheControl);
        headers.put("ETag", etag);
        headers.put("X-Content-Type-Options", "nosniff");
        if (asset.gzipped().isPresent()) {
            headers.put("Vary", "Accept-Encoding");
        }
        if (gzip) {
            headers.put("Content-Encoding", "gzip");
        }
        if (asset.contentType().startsWith("text/html")) {
            headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        return new ApiResponse(200, headers, gzip ? asset.gzipped().get() : asset.body());
    }

    /** Where a request path's file lives on the classpath, or empty when it names none. */
    private static Optional<Located> locate(String path) {
        if (PAGES.contains(path)) {
            return Optional.of(new Located(UI_ROOT + path.substring(1) + ".html", false, Optional.empty()));
        }
        if (path.startsWith(APP_PREFIX)) {
            String relative = path.substring(APP_PREFIX.length());
            return safe(relative) ? Optional.of(new Located(UI_ROOT + "app/" + relative, false, Optional.empty())) : Optional.empty();
        }
        if (path.startsWith(BUNDLE_PREFIX)) {
            String[] parts = path.substring(BUNDLE_PREFIX.length()).split("/", -1);
            if (parts.length != 2 || !safe(parts[1])) {
                return Optional.empty();
            }
            return Optional.of(new Located(BUNDLE_ROOT + parts[1], true, Optional.of(parts[0])));
        }
        if (path.startsWith(LIBRARY_PREFIX)) {
            String relative = path.substring(LIBRARY_PREFIX.length());
            int slash = relative.indexOf('/');
            if (!safe(relative) || slash < 0 || !LIBRARIES.contains(relative.substring(0, slash))
                    || relative.indexOf('/', slash + 1) < 0) {
                // Also refuses a bare version directory: every library file sits below one.
                return Optional.empty();
            }
            return Optional.of(new Located(WEBJAR_ROOT + relative, true, Optional.empty()));
        }
        return Optional.empty();
    }

    /** A relative path of plain segments with a known file type. */
    private static boolean safe(String relative) {
        if (relative.isEmpty() || relative.contains("\\") || relative.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return contentTypeOf(relative).isPresent();
    }

    private static Optional<String> contentTypeOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(CONTENT_TYPES.get(name.substring(dot + 1)));
    }

    /** A file from the cache, loading it first; throws MissingResource or UncheckedIOException. */
    private Asset asset(String resource) {
        Asset cached = cache.get(resource);
        if (cached != null) {
            return cached;
        }
        // Not computeIfAbsent: loading a page loads the bundles it names, which re-enters the cache.
        Asset loaded = load(resource);
        Asset raced = cache.putIfAbsent(resource, loaded);
        return raced != null ? raced : loaded;
    }

    private Asset load(String resource) {
        byte[] body;
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new MissingResource();
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String contentType = contentTypeOf(resource).orElseThrow();
        if (contentType.startsWith("text/html")) {
            body = withBundlePaths(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        return new Asset(contentType, body, digestOf(body), gzipped(contentType, body));
    }

    /** Text files worth compressing, compressed once at the best level: they are served many times. */
    private static Optional<byte[]> gzipped(String contentType, byte[] body) {
        if (body.length < MIN_GZIP_BYTES || contentType.startsWith("image/png")) {
            return Optional.empty();
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(compressed.toByteArray());
    }

    /** Replaces each {@code {{bundle:<file>}}} of a page by the bundle's path with its digest. */
    private String withBundlePaths(String page) {
        Matcher matcher = BUNDLE_REFERENCE.matcher(page);
        StringBuilder replaced = new StringBuilder();
        while (matcher.find()) {
            String file = matcher.group(1);
            // A page naming a missing bundle is a build error: fail loudly, as MissingResource (404) would hide it.
            Asset bundle;
            try {
                bundle = asset(BUNDLE_ROOT + file);
            } catch (MissingResource e) {
                throw new UncheckedIOException(new IOException("the page names a bundle that was not built: " + file));
            }
            matcher.appendReplacement(replaced, Matcher.quoteReplacement(
                    BUNDLE_PREFIX.substring(1) + bundle.digest() + "/" + file));
        }
        matcher.appendTail(replaced);
        return replaced.toString();
    }

    /** The first 16 bytes of the content's SHA-256, in hex. */
    private static String digestOf(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * @param versioned whether the path names a version or digest, so the file may be cached forever
     * @param digest the content digest the path names, which must match (bundles only)
     */
    private record Located(String resource, boolean versioned, Optional<String> digest) {}

    /** @param gzipped the body gzipped, when worth it */
    private record Asset(String contentType, byte[] body, String digest, Optional<byte[]> gzipped) {
        String etag() {
            return "\"" + digest + "\"";
        }

        String gzipEtag() {
            return "\"" + digest + "-gzip\"";
        }
    }

    /** Thrown out of the cache's loader so that missing files are not cached. */
    private static final class MissingResource extends RuntimeException {
        MissingResource() {
            super(null, null, false, false);
        }
    }
}
