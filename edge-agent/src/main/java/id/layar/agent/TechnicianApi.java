package id.layar.agent;

import id.layar.render.Frame;
import id.layar.render.Png;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.text.MessageFormat;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The local technician API, listening only on {@code api.host:api.port}:
 * <ul>
 *   <li>{@code GET /status}: {@link StatusSnapshot} as JSON</li>
 *   <li>{@code GET /frame.png}: what the panel shows now, as PNG</li>
 *   <li>{@code GET /}: a self-contained page with the live frame and the status, in English or Indonesian</li>
 * </ul>
 */
final class TechnicianApi extends VerticleBase {
    static final String BUNDLE = "id.layar.agent.Messages";
    static final Locale INDONESIAN = Locale.forLanguageTag("id");
    private static final List<String> LANGUAGES = List.of("en", "id");

    private final AgentConfig config;
    private final Supplier<StatusSnapshot> status;
    private final Supplier<Future<Frame>> frames;
    private HttpServer server;

    TechnicianApi(AgentConfig config, Supplier<StatusSnapshot> status, Supplier<Future<Frame>> frames) {
        this.config = config;
        this.status = status;
        this.frames = frames;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/status").handler(this::status);
        router.get("/frame.png").handler(this::frame);
        router.get("/").handler(this::page);
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.apiHost()).setPort(config.apiPort()));
        return server.requestHandler(router).listen();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port actually bound (the config may say 0). */
    int port() {
        return server.actualPort();
    }

    private void status(RoutingContext ctx) {
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(status.get().toJson().encodePrettily());
    }

    private void frame(RoutingContext ctx) {
        frames.get()
                .compose(f -> vertx.executeBlocking(() -> Png.encode(f), false))
                .onSuccess(png -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "image/png")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                        .end(Buffer.buffer(png)))
                .onFailure(ctx::fail);
    }

    private void page(RoutingContext ctx) {
        Locale locale = pickLocale(ctx.request().getParam("lang"), ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("Content-Language", locale.getLanguage())
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; connect-src 'self';"
                        + " style-src 'unsafe-inline'; script-src 'unsafe-inline'")
                .end(html(messages(locale), status.get()));
    }

    /** {@code ?lang=id|en} wins; otherwise the best of Accept-Language; English when neither says. */
    static Locale pickLocale(String lang, String acceptLanguage) {
        if (lang != null && LANGUAGES.contains(lang)) {
            return lang.equals("id") ? INDONESIAN : Locale.ENGLISH;
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                for (Locale.LanguageRange r : Locale.LanguageRange.parse(acceptLanguage)) {
                    String tag = r.getRange().toLowerCase(Locale.ROOT);
                    if (tag.equals("id") || tag.startsWith("id-") || tag.equals("in") || tag.startsWith("in-")) {
                        return INDONESIAN;
                    }
                    if (tag.equals("en") || tag.startsWith("en-")) {
                        return Locale.ENGLISH;
                    }
                }
            } catch (IllegalArgumentException e) {
                // A malformed header is not the technician's problem: fall back to English.
            }
        }
        return Locale.ENGLISH;
    }

    /** The bundle for a locale, never falling back to the JVM's default locale. */
    static ResourceBundle messages(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    static String html(ResourceBundle m, StatusSnapshot s) {
        JsonObject text = new JsonObject();
        for (Enumeration<String> keys = m.getKeys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            text.put(k, m.getString(k));
        }
        String lang = m.getLocale().getLanguage().isEmpty() ? "en" : m.getLocale().getLanguage();
        StringBuilder rows = new StringBuilder();
        for (String field : List.of("device", "channel", "version", "expires", "expired", "playing", "lastSync", "nextSync",
                "lastRejection", "problem", "renderError", "rootVersion", "clock", "storage", "uptime", "agentVersion")) {
            rows.append("<tr><th>").append(escape(m.getString("field." + field))).append("</th><td id=\"f-")
                    .append(field).append("\"></td></tr>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="%s">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>
                  body { font-family: sans-serif; margin: 1em; background: #f4f4f4; color: #111; }
                  img { image-rendering: pixelated; max-width: 100%%; border: 4px solid #222; background: #000; }
                  table { border-collapse: collapse; margin-top: 1em; }
                  th, td { text-align: left; padding: 0.3em 0.8em; border-bottom: 1px solid #ccc; vertical-align: top; }
                  .bad { color: #a00; font-weight: bold; }
                  .note { color: #555; font-size: 0.9em; }
                </style>
                </head>
                <body>
                <h1>%s</h1>
                <p><a href="?lang=%s">%s</a></p>
                <h2>%s</h2>
                <img id="frame" src="frame.png" alt="%s">
                <p class="note">%s <span id="offline" class="bad"></span></p>
                <table>
                %s</table>
                <script>
                const T = %s;
                let S = %s;
                function fill(id, text, bad) { const e = document.getElementById('f-' + id); e.textContent = text; e.className = bad ? 'bad' : ''; }
                function when(at) { return at ? new Date(at).toLocaleString(document.documentElement.lang) : ''; }
                function mib(n) { return (n / 1048576).toFixed(1) + ' MiB'; }
                function show(s) {
                  fill('device', s.device); fill('channel', s.channel);
                  fill('version', s.version ? String(s.version) : T['value.noPlaylist'], !s.version);
                  fill('expires', s.expires ? when(s.expires) : T['value.none']);
                  fill('playing', s.playing ? s.playing.title + ' (' + s.playing.id + '), ' + T['value.since'] + ' ' + when(s.playing.since) : T['value.black'], !s.playing);
                  fill('lastSync', s.lastSync ? (T['outcome.' + s.lastSync.outcome] || s.lastSync.outcome) + ', ' + when(s.lastSync.at) + ': ' + s.lastSync.detail : T['value.never'],
                       s.lastSync && (s.lastSync.outcome === 'failed' || s.lastSync.outcome === 'rejected'));
                  fill('lastRejection', s.lastRejection ? s.lastRejection.reason + ', ' + when(s.lastRejection.at) + ': ' + s.lastRejection.detail : T['value.none'], !!s.lastRejection);
                  fill('problem', s.problem || T['value.none'], !!s.problem);
                  fill('renderError', s.renderError ? s.renderError.item + ', ' + when(s.renderError.at) + ': ' + s.renderError.detail : T['value.none'], !!s.renderError);
                  fill('expired', s.expired ? when(s.expired.at) + ': ' + T[s.expired.showing === 'black' ? 'value.expiredBlack' : 'value.expiredContent'] : T['value.none'], !!s.expired);
                  fill('nextSync', s.nextSync ? when(s.nextSync) : '');
                  fill('rootVersion', String(s.rootVersion));
                  fill('clock', s.clock ? when(s.clock.system) + (s.clock.behind ? ' (' + T['value.clockBehind'] + '; ' + T['value.trusted'] + ' ' + when(s.clock.trusted) + ')' : ' (' + T['value.clockOk'] + ')') : '', s.clock && s.clock.behind);
                  fill('storage', s.storage ? mib(s.storage.usedBytes) + ' ' + T['value.of'] + ' ' + mib(s.storage.quotaBytes) + ', ' + mib(s.storage.freeBytes) + ' ' + T['value.free'] : '');
                  fill('uptime', s.uptimeSeconds + ' ' + T['value.seconds']);
                  fill('agentVersion', s.agentVersion);
                }
                show(S);
                setInterval(() => {
                  document.getElementById('frame').src = 'frame.png?t=' + Date.now();
                  fetch('status', { cache: 'no-store' }).then(r => r.json()).then(s => {
                    document.getElementById('offline').textContent = '';
                    show(s);
                  }).catch(e => {
                    document.getElementById('offline').textContent = T['page.offline'].replace('{0}', e);
                  });
                }, 1000);
                </script>
                </body>
                </html>
                """.formatted(lang, escape(m.getString("page.title")),
                escape(MessageFormat.format(m.getString("page.heading"), s.device())),
                m.getString("page.switchLang"), escape(m.getString("page.switch")),
                escape(m.getString("page.frame")), escape(m.getString("page.frameAlt")), escape(m.getString("page.refresh")),
                rows, scriptJson(text), scriptJson(s.toJson()));
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** JSON safe inside a script element: no "</script>", no HTML comment openers, no line separators. */
    private static String scriptJson(JsonObject o) {
        return o.encode().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
