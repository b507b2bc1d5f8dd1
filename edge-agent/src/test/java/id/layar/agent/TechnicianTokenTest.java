package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** With {@code api.token} set, nothing of the technician API answers without it. */
@ExtendWith(VertxExtension.class)
class TechnicianTokenTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private Harness h;
    private WebClient raw;
    private final byte[] red = Bundles.png(Bundles.RED);

    @BeforeEach
    void setUp(Vertx vertx, @TempDir Path dir) throws Exception {
        h = new Harness(vertx, dir);
        h.tweak = c -> c.withApiToken(TOKEN);
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(3, Bundles.still("red", red))), red);
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");
        raw = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    }

    @AfterEach
    void tearDown() throws Exception {
        raw.close();
        h.close();
    }

    private HttpResponse<Buffer> request(HttpMethod m, String path, String authorization, String cookie) throws Exception {
        var req = raw.request(m, h.agent.apiPort(), "127.0.0.1", path).putHeader("Content-Type", "application/json");
        if (authorization != null) {
            req.putHeader("Authorization", authorization);
        }
        if (cookie != null) {
            req.putHeader("Cookie", cookie);
        }
        return (m == HttpMethod.POST ? req.sendBuffer(new JsonObject().put("kind", "blue").toBuffer()) : req.send())
                .await(10, TimeUnit.SECONDS);
    }

    @Test
    void everyEndpointRefusesWithoutTheToken() throws Exception {
        for (String path : List.of("/status", "/frame.png", "/metrics")) {
            assertEquals(401, request(HttpMethod.GET, path, null, null).statusCode(), path);
            assertEquals(401, request(HttpMethod.GET, path, "Bearer wrong-token-wrong-token", null).statusCode(), path);
        }
        assertEquals(401, request(HttpMethod.POST, "/test-pattern", null, null).statusCode());
        assertEquals(401, request(HttpMethod.DELETE, "/power", null, null).statusCode());
        HttpResponse<Buffer> page = request(HttpMethod.GET, "/", null, null);
        assertEquals(401, page.statusCode());
        assertTrue(page.bodyAsString().contains("name=\"token\""), "the page offers a sign-in form");
        assertTrue(!page.bodyAsString().contains("test-wall-01"), "and shows nothing of the device");
        h.assertPanelStays(Bundles.solid(Bundles.RED), "the content: the refused pattern request changed nothing");
    }

    @Test
    void bearerTokenOpensTheApi() throws Exception {
        assertEquals(200, request(HttpMethod.GET, "/status", "Bearer " + TOKEN, null).statusCode());
        assertEquals(200, request(HttpMethod.GET, "/metrics", "Bearer " + TOKEN, null).statusCode());
        assertEquals(204, request(HttpMethod.POST, "/test-pattern", "Bearer " + TOKEN, null).statusCode());
        h.awaitPanel(Bundles.solid(0x0000FF), "the blue pattern");
    }

    @Test
    void tokenInTheLinkBecomesAStrictHttpOnlyCookieAndLeavesTheAddressBar() throws Exception {
        HttpResponse<Buffer> r = request(HttpMethod.GET, "/?token=" + TOKEN + "&lang=id", null, null);
        assertEquals(303, r.statusCode());
        assertEquals("/?lang=id", r.getHeader("Location"));
        String setCookie = r.getHeader("Set-Cookie");
        assertNotNull(setCookie);
        assertTrue(setCookie.toLowerCase(java.util.Locale.ROOT).contains("httponly") && setCookie.contains("SameSite=Strict"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<Buffer> page = request(HttpMethod.GET, "/?lang=id", null, cookie);
        assertEquals(200, page.statusCode());
        assertTrue(page.bodyAsString().contains("test-wall-01"));
        assertEquals(200, request(HttpMethod.GET, "/status", null, cookie).statusCode());
    }

    @Test
    void wrongTokenInTheFormIsRefused() throws Exception {
        HttpResponse<Buffer> r = raw.post(h.agent.apiPort(), "127.0.0.1", "/login")
                .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("token", "not-the-token-at-all").add("lang", "en"))
                .await(10, TimeUnit.SECONDS);
        assertEquals(401, r.statusCode());
        assertTrue(r.bodyAsString().contains("not right"), r.bodyAsString());
        r = raw.post(h.agent.apiPort(), "127.0.0.1", "/login")
                .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("token", TOKEN))
                .await(10, TimeUnit.SECONDS);
        assertEquals(303, r.statusCode());
        assertNotNull(r.getHeader("Set-Cookie"));
    }
}
