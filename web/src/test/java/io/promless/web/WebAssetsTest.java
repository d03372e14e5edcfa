package io.promless.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.promless.api.ApiRequest;
import io.promless.api.ApiResponse;
import io.promless.api.RouteTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebAssetsTest {
    private static final String UPLOT = "/assets/lib/uplot/" + System.getProperty("uplot.version");

    private final WebAssets assets = new WebAssets();

    static Stream<Arguments> servedFiles() {
        return Stream.of(
                Arguments.of("/query", "text/html; charset=utf-8", WebAssets.NO_CACHE, "<title>Promless · Query</title>"),
                Arguments.of("/targets", "text/html; charset=utf-8", WebAssets.NO_CACHE, "assets/app/targets.js"),
                Arguments.of("/status", "text/html; charset=utf-8", WebAssets.NO_CACHE, "assets/app/status.js"),
                Arguments.of("/alerts", "text/html; charset=utf-8", WebAssets.NO_CACHE, "assets/app/alerts.js"),
                Arguments.of("/rules", "text/html; charset=utf-8", WebAssets.NO_CACHE, "assets/app/rules.js"),
                Arguments.of("/service-discovery", "text/html; charset=utf-8", WebAssets.NO_CACHE, "assets/app/service-discovery.js"),
                Arguments.of("/assets/app/query.js", "text/javascript; charset=utf-8", WebAssets.NO_CACHE, "import {"),
                Arguments.of("/assets/app/common.js", "text/javascript; charset=utf-8", WebAssets.NO_CACHE, "export function el("),
                Arguments.of("/assets/app/style.css", "text/css; charset=utf-8", WebAssets.NO_CACHE, ".editor"),
                Arguments.of(UPLOT + "/dist/uPlot.esm.js", "text/javascript; charset=utf-8", WebAssets.IMMUTABLE, "export"),
                Arguments.of(UPLOT + "/dist/uPlot.min.css", "text/css; charset=utf-8", WebAssets.IMMUTABLE, ".uplot"));
    }

    @ParameterizedTest
    @MethodSource("servedFiles")
    void servesFilesWithTheirContentTypeAndCachePolicy(String path, String contentType, String cacheControl, String excerpt) {
        ApiResponse response = assets.handle(get(path));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers())
                .containsEntry("Content-Type", contentType)
                .containsEntry("Cache-Control", cacheControl)
                .containsEntry("X-Content-Type-Options", "nosniff")
                .containsKey("ETag");
        assertThat(response.bodyText()).contains(excerpt);
    }

    @Test
    void pagesForbidInlineAndForeignScripts() {
        assertThat(assets.handle(get("/query")).headers().get("Content-Security-Policy"))
                .contains("script-src 'self'")
                .doesNotContain("unsafe-eval");
        assertThat(assets.handle(get("/assets/app/query.js")).headers()).doesNotContainKey("Content-Security-Policy");
    }

    @Test
    void rootRedirectsToTheQueryPageRelatively() {
        ApiResponse response = assets.handle(get("/"));

        assertThat(response.status()).isEqualTo(302);
        assertThat(response.headers()).containsEntry("Location", "query");
    }

    @Test
    void everyLibraryFileThePagesNameIsServedImmutable() {
        Pattern libraryReference = Pattern.compile("\"assets/lib/([^\"]+)\"");
        int references = 0;
        for (String page : WebAssets.PAGES) {
            Matcher matcher = libraryReference.matcher(assets.handle(get(page)).bodyText());
            while (matcher.find()) {
                references++;
                ApiResponse library = assets.handle(get("/assets/lib/" + matcher.group(1)));
                assertThat(library.status()).as(matcher.group(1)).isEqualTo(200);
                assertThat(library.headers()).containsEntry("Cache-Control", WebAssets.IMMUTABLE);
            }
        }
        // The query page names uPlot's module and its style sheet, with the build's version filled in.
        assertThat(references).isEqualTo(2);
    }

    @Test
    void theQueryPageNamesTheEditorBundleByItsDigestAndItIsServedImmutable() {
        String page = assets.handle(get("/query")).bodyText();
        Matcher bundle = Pattern.compile("content=\"(assets/bundle/([0-9a-f]{32})/promql-editor\\.js)\"").matcher(page);

        assertThat(page).doesNotContain("{{bundle:");
        assertThat(bundle.find()).as(page).isTrue();
        ApiResponse response = assets.handle(get("/" + bundle.group(1)));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers())
                .containsEntry("Content-Type", "text/javascript; charset=utf-8")
                .containsEntry("Cache-Control", WebAssets.IMMUTABLE)
                .containsEntry("ETag", "\"" + bundle.group(2) + "\"");
        // The bundle holds CodeMirror and codemirror-promql, and exports what query.js calls.
        assertThat(response.bodyText()).contains("createPromqlEditor").contains("cm-content").hasSizeGreaterThan(100_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/assets/bundle/promql-editor.js", "/assets/bundle/00000000000000000000000000000000/promql-editor.js",
        "/assets/bundle/x/y/promql-editor.js", "/assets/bundle//promql-editor.js", "/assets/bundle/0/missing.js",
        "/assets/bundle/0/../../app/query.js",
    })
    void servesABundleOnlyUnderItsCurrentDigest(String path) {
        assertThat(assets.handle(get(path)).status()).isEqualTo(404);
    }

    @Test
    void everyScriptAPageLoadsExists() {
        Pattern script = Pattern.compile("src=\"(assets/app/[^\"]+)\"");
        for (String page : WebAssets.PAGES) {
            Matcher matcher = script.matcher(assets.handle(get(page)).bodyText());
            assertThat(matcher.find()).as(page).isTrue();
            assertThat(assets.handle(get("/" + matcher.group(1))).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/query/", "/index.html", "/assets/", "/assets/app/", "/assets/app/missing.js",
        "/assets/app/../query.html", "/assets/app/./query.js", "/assets/app//query.js",
        "/assets/app/query.js\\x", "/assets/app/README", "/assets/app/notes.txt",
        "/assets/lib/uplot", "/assets/lib/uplot/", "/assets/lib/uplot/1.6.30", "/assets/lib/uplot/1.6.30/",
        "/assets/lib/uplot/1.6.30/README.md", "/assets/lib/uplot/../uplot/1.6.30/dist/uPlot.esm.js",
        "/assets/lib/jquery/3.7.1/jquery.js", "/assets/lib/uplot/0.0.1/dist/uPlot.esm.js",
        "/assets/lib/../../META-INF/MANIFEST.MF", "/assets/app/../../../io/promless/web/WebAssets.class",
    })
    void answersNotFoundForEverythingElse(String path) {
        ApiResponse response = assets.handle(get(path));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.bodyText()).isEqualTo("404 page not found\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS"})
    void servesOnlyGetAndHead(String method) {
        ApiResponse response = assets.handle(ApiRequest.of(method, "/query", Map.of()));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers()).containsEntry("Allow", "GET, HEAD");
        assertThat(assets.handle(ApiRequest.of("HEAD", "/query", Map.of())).status()).isEqualTo(200);
    }

    @Test
    void answersNotModifiedWhenTheClientHasTheCurrentVersion() {
        ApiResponse first = assets.handle(get("/assets/app/query.js"));
        String etag = first.headers().get("ETag");

        ApiResponse again = assets.handle(new ApiRequest("GET", "/assets/app/query.js", Map.of(),
                Map.of("if-none-match", List.of(etag)), new byte[0]));
        ApiResponse stale = assets.handle(new ApiRequest("GET", "/assets/app/query.js", Map.of(),
                Map.of("If-None-Match", List.of("\"something-else\"")), new byte[0]));

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers()).containsEntry("ETag", etag).containsEntry("Cache-Control", WebAssets.NO_CACHE);
        assertThat(stale.status()).isEqualTo(200);
    }

    @Test
    void gzipsTextForClientsThatAcceptItWithItsOwnValidator() throws IOException {
        ApiResponse plain = assets.handle(get("/assets/app/query.js"));
        ApiResponse gzipped = assets.handle(new ApiRequest("GET", "/assets/app/query.js", Map.of(),
                Map.of("Accept-Encoding", List.of("gzip, deflate, br")), new byte[0]));

        assertThat(plain.headers()).doesNotContainKey("Content-Encoding").containsEntry("Vary", "Accept-Encoding");
        assertThat(gzipped.headers()).containsEntry("Content-Encoding", "gzip").containsEntry("Vary", "Accept-Encoding");
        assertThat(gzipped.body().length).isLessThan(plain.body().length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        String gzipEtag = gzipped.headers().get("ETag");
        assertThat(gzipEtag).isNotEqualTo(plain.headers().get("ETag"));
        ApiResponse revalidated = assets.handle(new ApiRequest("GET", "/assets/app/query.js", Map.of(),
                Map.of("Accept-Encoding", List.of("gzip"), "If-None-Match", List.of(gzipEtag)), new byte[0]));
        assertThat(revalidated.status()).isEqualTo(304);
    }

    @Test
    void addsItsRoutesBesideOthers() {
        RouteTable routes = assets.addRoutes(RouteTable.builder()
                .prefix("/api/v1/", request -> new ApiResponse(200, Map.of(), "api".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build();

        assertThat(routes.handle(get("/")).status()).isEqualTo(302);
        assertThat(routes.handle(get("/targets")).status()).isEqualTo(200);
        assertThat(routes.handle(get("/assets/app/style.css")).status()).isEqualTo(200);
        assertThat(routes.handle(get("/api/v1/query")).bodyText()).isEqualTo("api");
        assertThat(routes.handle(get("/graph")).status()).isEqualTo(404);
    }

    private static ApiRequest get(String path) {
        return ApiRequest.of("GET", path, Map.of());
    }
}
