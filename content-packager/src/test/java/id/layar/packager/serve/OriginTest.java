package id.layar.packager.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Fixtures;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP against the origin serving a small bundle folder. */
@ExtendWith(VertxExtension.class)
class OriginTest {
    static final String BLOB = "blobs/sha256/" + "ab".repeat(32);

    @TempDir
    Path tmp;
    Path bundle;
    Origin origin;
    HttpClient client;

    record Reply(int status, MultiMap headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        bundle = tmp.resolve("bundle");
        Fixtures.write(bundle.resolve("root.json"), "{\"root\":true}");
        Fixtures.write(bundle.resolve("channels/simpang-lima/playlist.json"), "{\"playlist\":1}");
        Fixtures.write(bundle.resolve(BLOB), "0123456789");
        Fixtures.write(bundle.resolve(".secret"), "hidden");
        Fixtures.write(tmp.resolve("outside.txt"), "outside the bundle");
        Files.createSymbolicLink(bundle.resolve("link.json"), tmp.resolve("outside.txt"));
        origin = await(Origin.start(vertx, bundle, "127.0.0.1", 0));
        client = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        await(origin.stop());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Reply request(HttpMethod method, String path, Map<String, String> headers) throws Exception {
        return await(client.request(method, origin.port(), "127.0.0.1", path).compose(req -> {
            headers.forEach(req::putHeader);
            return req.send();
        }).compose((HttpClientResponse res) -> res.body().map((Buffer b) -> new Reply(res.statusCode(), res.headers(), b.getBytes()))));
    }

    private Reply get(String path) throws Exception {
        return request(HttpMethod.GET, path, Map.of());
    }

    @Test
    void playlistIsServedAsJsonWithAnEtag() throws Exception {
        Reply r = get("/channels/simpang-lima/playlist.json");
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertArrayEquals("{\"playlist\":1}".getBytes(), r.body());
        assertNotNull(r.header("ETag"));
        assertTrue(r.header("ETag").matches("\"[0-9a-f]{64}\""), r.header("ETag"));
        assertEquals("no-cache", r.header("Cache-Control"));
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagGives304AndAChangeGives200() throws Exception {
        String etag = get("/channels/simpang-lima/playlist.json").header("ETag");
        Reply notModified = request(HttpMethod.GET, "/channels/simpang-lima/playlist.json", Map.of("If-None-Match", etag));
        assertEquals(304, notModified.status());
        assertEquals(0, notModified.body().length);

        Files.writeString(bundle.resolve("channels/simpang-lima/playlist.json"), "{\"playlist\":2}");
        Files.setLastModifiedTime(bundle.resolve("channels/simpang-lima/playlist.json"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Reply changed = request(HttpMethod.GET, "/channels/simpang-lima/playlist.json", Map.of("If-None-Match", etag));
        assertEquals(200, changed.status());
        assertArrayEquals("{\"playlist\":2}".getBytes(), changed.body());
    }

    @Test
    void blobsAreOctetStreamsCachedForever() throws Exception {
        Reply r = get("/" + BLOB);
        assertEquals(200, r.status());
        assertEquals("application/octet-stream", r.header("Content-Type"));
        assertEquals("10", r.header("Content-Length"));
        assertTrue(r.header("Cache-Control").contains("immutable"));
    }

    @Test
    void aByteRangeResumesADownload() throws Exception {
        Reply r = request(HttpMethod.GET, "/" + BLOB, Map.of("Range", "bytes=4-"));
        assertEquals(206, r.status());
        assertEquals("bytes 4-9/10", r.header("Content-Range"));
        assertArrayEquals("456789".getBytes(), r.body());
        assertEquals(416, request(HttpMethod.GET, "/" + BLOB, Map.of("Range", "bytes=10-")).status());
    }

    @Test
    void headGivesTheHeadersWithoutABody() throws Exception {
        Reply r = request(HttpMethod.HEAD, "/root.json", Map.of());
        assertEquals(200, r.status());
        assertEquals("13", r.header("Content-Length"));
        assertEquals(0, r.body().length);
    }

    @Test
    void onlyGetAndHeadAreAllowed() throws Exception {
        Reply r = request(HttpMethod.POST, "/root.json", Map.of());
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
        assertEquals(405, request(HttpMethod.DELETE, "/root.json", Map.of()).status());
    }

    @Test
    void pathsEscapingTheBundleAreNotFound() throws Exception {
        for (String path : new String[]{"/../outside.txt", "/channels/../../outside.txt", "/%2e%2e/outside.txt",
                "/channels%2f..%2f..%2foutside.txt", "/link.json", "/./root.json", "//root.json"}) {
            Reply r = get(path);
            assertTrue(r.status() == 404 || r.status() == 403, path + " gave " + r.status());
            assertTrue(!new String(r.body()).contains("outside the bundle"), path);
        }
    }

    @Test
    void foldersAreNeverListedAndHiddenFilesNeverServed() throws Exception {
        for (String path : new String[]{"/", "/channels", "/channels/", "/blobs/sha256/", "/.secret", "/channels/.."}) {
            Reply r = get(path);
            assertTrue(r.status() == 404 || r.status() == 403, path + " gave " + r.status());
            assertTrue(!new String(r.body()).contains("simpang-lima") && !new String(r.body()).contains("hidden"), path);
        }
    }

    @Test
    void aBundleSwappedInByARebuildIsServedAtOnceWithItsOwnEtag() throws Exception {
        Reply first = get("/root.json");
        java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(bundle.resolve("root.json"));
        Files.move(bundle, tmp.resolve(".bundle.old"));
        // Same size and same modification time as before: only the content (and the file) differ.
        Fixtures.write(bundle.resolve("root.json"), "{\"root\":1234}");
        Files.setLastModifiedTime(bundle.resolve("root.json"), mtime);
        Reply second = request(HttpMethod.GET, "/root.json", Map.of("If-None-Match", first.header("ETag")));
        assertEquals(200, second.status());
        assertArrayEquals("{\"root\":1234}".getBytes(), second.body());
        assertTrue(!first.header("ETag").equals(second.header("ETag")));
    }

    @Test
    void rangeParsing() {
        assertArrayEquals(new long[]{0, 10}, Origin.range("bytes=0-", 10));
        assertArrayEquals(new long[]{8, 2}, Origin.range("bytes=-2", 10));
        assertArrayEquals(new long[]{2, 3}, Origin.range("bytes=2-4", 10));
        assertArrayEquals(new long[0], Origin.range("bytes=0-1,4-5", 10));
        assertEquals(null, Origin.range("bytes=20-30", 10));
        assertTrue(Origin.matches("W/\"x\", \"y\"", "\"y\""));
        assertTrue(Origin.matches("*", "\"y\""));
    }
}
