package io.promless.web;

import static java.util.Objects.requireNonNull;

import io.promless.api.ApiHandler;
import io.promless.api.ApiRequest;
import io.promless.api.ApiResponse;
import io.promless.api.ApiResponses;
import io.promless.api.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web UI: its pages ({@code /query}, {@code /alerts}, {@code /targets},
 * {@code /service-discovery}, {@code /rules}, {@code /status}; {@code /} redirects to {@code /query}), its own scripts and styles under
 * {@code /assets/app/}, and third-party libraries under {@code /assets/lib/<webjar>/<version>/},
 * read from the WebJars on the classpath. Pages and own assets are revalidated on every use ({@code no-cache} with an ETag);
 * library files carry their version in the path and are cached for a year as immutable. Only
 * GET and HEAD are served, only files with a known content type, and only below the fixed roots
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
            asset = cache.computeIfAbsent(located.get().resource(), this::load);
        } catch (MissingResource e) {
            return ApiResponses.notFound();
        } catch (UncheckedIOException e) {
            return ApiResponses.plainText(500, "cannot read " + path + "\n");
        }
        String cacheControl = located.get().versioned() ? IMMUTABLE : NO_CACHE;
        if (request.header("If-None-Match").filter(asset.etag()::equals).isPresent()) {
            return new ApiResponse(304, Map.of("ETag", asset.etag(), "Cache-Control", cacheControl), new byte[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", asset.contentType());
        headers.put("Cache-Control", cacheControl);
        headers.put("ETag", asset.etag());
        headers.put("X-Content-Type-Options", "nosniff");
        if (asset.contentType().startsWith("text/html")) {
            headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        return new ApiResponse(200, headers, asset.body());
    }

    /** Where a request path's file lives on the classpath, or empty when it names none. */
    private static Optional<Located> locate(String path) {
        if (PAGES.contains(path)) {
            return Optional.of(new Located(UI_ROOT + path.substring(1) + ".html", false));
        }
        if (path.startsWith(APP_PREFIX)) {
            String relative = path.substring(APP_PREFIX.length());
            return safe(relative) ? Optional.of(new Located(UI_ROOT + "app/" + relative, false)) : Optional.empty();
        }
        if (path.startsWith(LIBRARY_PREFIX)) {
            String relative = path.substring(LIBRARY_PREFIX.length());
            int slash = relative.indexOf('/');
            if (!safe(relative) || slash < 0 || !LIBRARIES.contains(relative.substring(0, slash))
                    || relative.indexOf('/', slash + 1) < 0) {
                // Also refuses a bare version directory: every library file sits below one.
                return Optional.empty();
            }
            return Optional.of(new Located(WEBJAR_ROOT + relative, true));
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

    private Asset load(String resource) {
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new MissingResource();
            }
            byte[] body = in.readAllBytes();
            return new Asset(contentTypeOf(resource).orElseThrow(), body, etagOf(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etagOf(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private record Located(String resource, boolean versioned) {}

    private record Asset(String contentType, byte[] body, String etag) {}

    /** Thrown out of the cache's loader so that missing files are not cached. */
    private static final class MissingResource extends RuntimeException {
        MissingResource() {
            super(null, null, false, false);
        }
    }
}
