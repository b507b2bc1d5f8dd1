package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.testing.TestKeys;
import id.layar.render.Png;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class TechnicianApiTest {
    private Harness h;
    private final byte[] red = Bundles.png(Bundles.RED);

    @BeforeEach
    void setUp(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(3, Bundles.still("red", red))), red);
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
    }

    @AfterEach
    void tearDown() throws Exception {
        h.close();
    }

    @Test
    void framePngIsWhatThePanelShowsAndIsNotCached() throws Exception {
        HttpResponse<Buffer> r = h.get("/frame.png", null);
        assertEquals(200, r.statusCode());
        assertEquals("image/png", r.getHeader("Content-Type"));
        assertEquals("no-store", r.getHeader("Cache-Control"));
        assertTrue(Png.decode(r.body().getBytes()).samePixels(Bundles.solid(Bundles.RED)));
    }

    @Test
    void pageFollowsAcceptLanguage() throws Exception {
        String id = h.get("/", "id-ID,id;q=0.9,en;q=0.5").bodyAsString();
        assertTrue(id.contains("Halaman teknisi Layar"), id);
        assertTrue(id.contains("<html lang=\"id\">"));
        String en = h.get("/", "en-GB,en;q=0.9").bodyAsString();
        assertTrue(en.contains("Layar technician page"));
        assertTrue(h.get("/", null).bodyAsString().contains("Layar technician page"), "English by default");
    }

    @Test
    void pageSaysInBothLanguagesThatKeepOffBeatsATestPattern() throws Exception {
        String en = h.get("/?lang=en", null).bodyAsString();
        assertTrue(en.contains("A test pattern keeps the panel on in off-hours while it shows; Keep off beats a test pattern."), en);
        assertTrue(en.contains("NOT on the wall: a technician keeps the panel power off"), "the status line for a hidden pattern");
        String id = h.get("/?lang=id", null).bodyAsString();
        assertTrue(id.contains("Pola uji menyalakan panel di luar jam tayang selama pola tampil; Tetap mati mengalahkan pola uji."), id);
        assertTrue(id.contains("TIDAK tampil: daya panel ditahan mati oleh teknisi"));
    }

    @Test
    void langParameterOverridesTheBrowser() throws Exception {
        assertTrue(h.get("/?lang=en", "id").bodyAsString().contains("Layar technician page"));
        assertTrue(h.get("/?lang=id", "en").bodyAsString().contains("Halaman teknisi Layar"));
    }

    @Test
    void pageIsSelfContained() throws Exception {
        String page = h.get("/", null).bodyAsString();
        assertFalse(page.contains("http://") || page.contains("https://") || page.contains("src=\"//"),
                "no external assets: the technician's laptop may have no internet");
        assertTrue(page.contains("frame.png"));
        assertTrue(page.contains("test-wall-01"));
    }

    @Test
    void statusIsJson() throws Exception {
        var s = h.httpStatus();
        assertEquals(3, s.getLong("version"));
        assertTrue(s.getLong("uptimeSeconds") >= 0);
        assertTrue(s.containsKey("agentVersion"));
        assertEquals("no-store", h.get("/status", null).getHeader("Cache-Control"));
    }

    @Test
    void signedTitlesCannotBreakOutOfThePageScript() {
        StatusSnapshot s = new StatusSnapshot("wall", "ch", 1, TestKeys.EXPIRES,
                new StatusSnapshot.Playing("x", "</script><script>alert(1)</script>", Instant.EPOCH), null, null, null, null, 1, "v");
        String page = TechnicianApi.html(TechnicianApi.messages(Locale.ENGLISH), s);
        assertFalse(page.contains("<script>alert"), page);
        assertEquals(1, page.split("</script>", -1).length - 1, "only the page's own closing script tag");
    }

    @Test
    void pickLocaleUnderstandsIndonesianTags() {
        assertEquals("id", TechnicianApi.pickLocale(null, "id").getLanguage());
        assertEquals("id", TechnicianApi.pickLocale(null, "fr;q=1, id-ID;q=0.8, en;q=0.5").getLanguage());
        assertEquals("en", TechnicianApi.pickLocale(null, "en;q=0.9, id;q=0.1").getLanguage());
        assertEquals("en", TechnicianApi.pickLocale(null, "@@garbage@@").getLanguage());
        assertEquals("en", TechnicianApi.pickLocale("xx", null).getLanguage());
    }

    @Test
    void everyEnglishStringIsTranslated() throws Exception {
        java.util.Properties en = new java.util.Properties();
        java.util.Properties id = new java.util.Properties();
        try (var a = getClass().getResourceAsStream("Messages.properties");
             var b = getClass().getResourceAsStream("Messages_id.properties")) {
            en.load(new java.io.InputStreamReader(a, java.nio.charset.StandardCharsets.UTF_8));
            id.load(new java.io.InputStreamReader(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(en.keySet(), id.keySet());
        assertFalse(TechnicianApi.messages(Locale.ENGLISH).getString("page.title")
                .equals(TechnicianApi.messages(TechnicianApi.INDONESIAN).getString("page.title")));
    }

    @Test
    void testPatternFromTheApiShowsUntilClearedAndStatusSaysSo() throws Exception {
        HttpResponse<Buffer> r = h.send(io.vertx.core.http.HttpMethod.POST, "/test-pattern",
                new io.vertx.core.json.JsonObject().put("kind", "green").put("seconds", 300));
        assertEquals(204, r.statusCode(), r::bodyAsString);
        h.awaitPanel(Bundles.solid(0x00FF00), "the green test pattern");
        var s = h.httpStatus();
        assertEquals("green", s.getJsonObject("testPattern").getString("kind"));
        assertEquals(TestKeys.NOW.plusSeconds(300).toString(), s.getJsonObject("testPattern").getString("until"));
        assertEquals(204, h.send(io.vertx.core.http.HttpMethod.DELETE, "/test-pattern", null).statusCode());
        h.awaitPanel(Bundles.solid(Bundles.RED), "the content again");
        assertTrue(h.httpStatus().getValue("testPattern") == null);
    }

    @Test
    void controlRequestsMustBeJsonSoAForeignPageCannotPostAForm() throws Exception {
        var web = io.vertx.ext.web.client.WebClient.create(h.vertx);
        try {
            HttpResponse<Buffer> r = web.post(h.agent.apiPort(), "127.0.0.1", "/test-pattern")
                    .putHeader("Content-Type", "application/x-www-form-urlencoded")
                    .sendBuffer(Buffer.buffer("kind=red")).await(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(415, r.statusCode());
        } finally {
            web.close();
        }
        h.assertPanelStays(Bundles.solid(Bundles.RED), "the content");
    }

    @Test
    void badControlRequestsSayWhatIsWrong() throws Exception {
        HttpResponse<Buffer> r = h.send(io.vertx.core.http.HttpMethod.POST, "/test-pattern",
                new io.vertx.core.json.JsonObject().put("kind", "purple"));
        assertEquals(400, r.statusCode());
        assertTrue(r.bodyAsString().contains("moving-bar"), r.bodyAsString());
        r = h.send(io.vertx.core.http.HttpMethod.POST, "/test-pattern",
                new io.vertx.core.json.JsonObject().put("kind", "grid").put("seconds", 999_999));
        assertEquals(400, r.statusCode());
        r = h.send(io.vertx.core.http.HttpMethod.POST, "/power", new io.vertx.core.json.JsonObject().put("on", false));
        assertEquals(409, r.statusCode(), "no relay configured");
        assertTrue(r.bodyAsString().contains("hardware.power"), r.bodyAsString());
        h.assertPanelStays(Bundles.solid(Bundles.RED), "the content");
    }

    @Test
    void metricsArePrometheusTextWithThePlaylistVersion() throws Exception {
        HttpResponse<Buffer> r = h.get("/metrics", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.getHeader("Content-Type").startsWith("text/plain"));
        String text = r.bodyAsString();
        assertTrue(text.contains("layar_playlist_version 3.0"), text);
        assertTrue(text.contains("layar_on_air 1.0"), text);
        assertTrue(text.matches("(?s).*layar_frames_shown_total [1-9].*"), text);
    }
}
