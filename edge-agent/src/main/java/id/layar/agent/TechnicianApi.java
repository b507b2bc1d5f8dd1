package id.layar.agent;

import id.layar.render.Frame;
import id.layar.render.Png;
import id.layar.render.TestPattern;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.MessageFormat;
import java.time.Duration;
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
 *   <li>{@code GET /metrics}: Prometheus text format</li>
 *   <li>{@code POST /test-pattern} {@code {"kind":"grid","seconds":300}} (seconds optional: until cleared),
 *       {@code DELETE /test-pattern}</li>
 *   <li>{@code POST /power} {@code {"on":false,"minutes":30}}, {@code DELETE /power}: override the power schedule</li>
 *   <li>{@code GET /}: a self-contained page with the live frame, the status and those controls, in English or
 *       Indonesian</li>
 * </ul>
 *
 * <p>With {@code api.token} set, every request needs it: {@code Authorization: Bearer <token>} (curl, Prometheus), or
 * the cookie a browser gets from {@code /?token=<token>} or the sign-in form (HttpOnly, SameSite=Strict). The control
 * endpoints take JSON bodies only, which a foreign web page cannot send without the browser asking first.
 */
final class TechnicianApi extends VerticleBase {
    static final String BUNDLE = "id.layar.agent.Messages";
    static final Locale INDONESIAN = id.layar.agent.ops.OpsText.INDONESIAN;
    private static final List<String> LANGUAGES = List.of("en", "id");

    static final String COOKIE = "layar_token";
    /** Longest test pattern or power override a technician can set at once. */
    static final Duration MAX_OVERRIDE = Duration.ofHours(24);

    /** What the control endpoints do; each returns null when done, or why it cannot (shown to the technician). */
    interface Controls {
        String testPattern(TestPattern.Kind kind, Duration forHowLong);

        String clearTestPattern();

        String power(boolean on, Duration forHowLong);

        String clearPower();

        /** Prometheus text exposition of the agent's metrics. */
        String metrics();
    }

    private final AgentConfig config;
    private final Supplier<StatusSnapshot> status;
    private final Supplier<Future<Frame>> frames;
    private final Controls controls;
    private final byte[] token;
    private HttpServer server;

    TechnicianApi(AgentConfig config, Supplier<StatusSnapshot> status, Supplier<Future<Frame>> frames, Controls controls) {
        this.config = config;
        this.status = status;
        this.frames = frames;
        this.controls = controls;
        this.token = config.apiToken() == null ? null : config.apiToken().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(this::authorise);
        router.post("/login").handler(BodyHandler.create().setBodyLimit(1024)).handler(this::login);
        router.get("/status").handler(this::status);
        router.get("/frame.png").handler(this::frame);
        router.get("/metrics").handler(this::metrics);
        router.route("/test-pattern").handler(BodyHandler.create().setBodyLimit(1024));
        router.post("/test-pattern").handler(this::startPattern);
        router.delete("/test-pattern").handler(ctx -> done(ctx, controls.clearTestPattern()));
        router.route("/power").handler(BodyHandler.create().setBodyLimit(1024));
        router.post("/power").handler(this::overridePower);
        router.delete("/power").handler(ctx -> done(ctx, controls.clearPower()));
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

    /** Lets a request through with the token (header or cookie), {@code /?token=} sets the cookie, else 401. */
    private void authorise(RoutingContext ctx) {
        if (token == null || "/login".equals(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && matches(header.substring(7).trim())) {
            ctx.next();
            return;
        }
        Cookie cookie = ctx.request().getCookie(COOKIE);
        if (cookie != null && matches(cookie.getValue())) {
            ctx.next();
            return;
        }
        String query = ctx.request().getParam("token");
        if ("/".equals(ctx.normalizedPath()) && query != null && matches(query)) {
            signIn(ctx, ctx.request().getParam("lang"));
            return;
        }
        if ("/".equals(ctx.normalizedPath())) {
            Locale locale = pickLocale(ctx.request().getParam("lang"), ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
            securePage(ctx.response().setStatusCode(401)).end(loginHtml(messages(locale), query != null));
            return;
        }
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"layar\"")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(new JsonObject().put("error", "this agent's API needs its token (api.token in agent.yaml):"
                        + " Authorization: Bearer <token>").encode());
    }

    private void login(RoutingContext ctx) {
        String given = ctx.request().getFormAttribute("token");
        if (given != null && matches(given.trim())) {
            signIn(ctx, ctx.request().getFormAttribute("lang"));
            return;
        }
        Locale locale = pickLocale(ctx.request().getFormAttribute("lang"), ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        securePage(ctx.response().setStatusCode(401)).end(loginHtml(messages(locale), true));
    }

    /** Sets the session cookie and sends the browser to the page, dropping the token from the address bar. */
    private void signIn(RoutingContext ctx, String lang) {
        Cookie c = Cookie.cookie(COOKIE, config.apiToken()).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setPath("/");
        ctx.response().addCookie(c).setStatusCode(303)
                .putHeader(HttpHeaders.LOCATION, lang != null && LANGUAGES.contains(lang) ? "/?lang=" + lang : "/").end();
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private void metrics(RoutingContext ctx) {
        vertx.executeBlocking(controls::metrics, false)
                .onSuccess(text -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                        .end(text))
                .onFailure(ctx::fail);
    }

    private void startPattern(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        TestPattern.Kind kind = TestPattern.Kind.parse(body.getValue("kind") instanceof String k ? k : "");
        if (kind == null) {
            bad(ctx, "kind must be one of " + kinds() + "; found " + body.getValue("kind"));
            return;
        }
        Duration d = seconds(ctx, body, "seconds", 1);
        if (d != DURATION_ERROR) {
            done(ctx, controls.testPattern(kind, d));
        }
    }

    private void overridePower(RoutingContext ctx) {
        JsonObject body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        if (!(body.getValue("on") instanceof Boolean on)) {
            bad(ctx, "on must be true or false; found " + body.getValue("on"));
            return;
        }
        Duration d = seconds(ctx, body, "minutes", 60);
        if (d == DURATION_ERROR) {
            return;
        }
        done(ctx, controls.power(on, d == null ? Duration.ofHours(1) : d));
    }

    private static final Duration DURATION_ERROR = Duration.ofNanos(-1);

    /** An optional whole number of {@code unitSeconds} from the body, null when absent; answers 400 when wrong. */
    private static Duration seconds(RoutingContext ctx, JsonObject body, String key, long unitSeconds) {
        Object v = body.getValue(key);
        if (v == null) {
            return null;
        }
        long max = MAX_OVERRIDE.toSeconds() / unitSeconds;
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 1 || ((Number) v).longValue() > max) {
            bad(ctx, key + " must be a whole number from 1 to " + max + "; found " + v);
            return DURATION_ERROR;
        }
        return Duration.ofSeconds(((Number) v).longValue() * unitSeconds);
    }

    private static JsonObject jsonBody(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            ctx.response().setStatusCode(415).end("send Content-Type: application/json");
            return null;
        }
        try {
            JsonObject o = ctx.body().asJsonObject();
            if (o == null) {
                bad(ctx, "expected a JSON object");
            }
            return o;
        } catch (DecodeException | ClassCastException e) {
            bad(ctx, "not a JSON object: " + e.getMessage());
            return null;
        }
    }

    private static void bad(RoutingContext ctx, String why) {
        ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(new JsonObject().put("error", why).encode());
    }

    private static void done(RoutingContext ctx, String refusal) {
        if (refusal != null) {
            ctx.response().setStatusCode(409).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .end(new JsonObject().put("error", refusal).encode());
        } else {
            ctx.response().setStatusCode(204).end();
        }
    }

    private static String kinds() {
        StringBuilder b = new StringBuilder();
        for (TestPattern.Kind k : TestPattern.Kind.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(k.wireName());
        }
        return b.toString();
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
        securePage(ctx.response()).putHeader("Content-Language", locale.getLanguage())
                .end(html(messages(locale), status.get()));
    }

    private static io.vertx.core.http.HttpServerResponse securePage(io.vertx.core.http.HttpServerResponse r) {
        return r.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Content-Security-Policy", "default-src 'none'; img-src 'self'; connect-src 'self';"
                        + " style-src 'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
    }

    /** The sign-in form: one field for the token. */
    static String loginHtml(ResourceBundle m, boolean wrong) {
        String lang = m.getLocale().getLanguage().isEmpty() ? "en" : m.getLocale().getLanguage();
        return """
                <!DOCTYPE html>
                <html lang="%s">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>body { font-family: sans-serif; margin: 2em; } .bad { color: #a00; font-weight: bold; }</style>
                </head>
                <body>
                <h1>%s</h1>
                <p>%s</p>%s
                <form method="post" action="/login">
                <input type="hidden" name="lang" value="%s">
                <label>%s <input type="password" name="token" autocomplete="current-password" autofocus></label>
                <button type="submit">%s</button>
                </form>
                </body>
                </html>
                """.formatted(lang, escape(m.getString("page.title")), escape(m.getString("page.title")),
                escape(m.getString("login.explain")), wrong ? "\n<p class=\"bad\">" + escape(m.getString("login.wrong")) + "</p>" : "",
                lang, escape(m.getString("login.token")), escape(m.getString("login.submit")));
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
                "lastRejection", "problem", "renderError", "testPattern", "hardware", "mqtt", "rootVersion", "clock", "storage",
                "uptime", "agentVersion")) {
            rows.append("<tr><th>").append(escape(m.getString("field." + field))).append("</th><td id=\"f-")
                    .append(field).append("\"></td></tr>\n");
        }
        StringBuilder options = new StringBuilder();
        for (TestPattern.Kind k : TestPattern.Kind.values()) {
            options.append("<option value=\"").append(k.wireName()).append("\">")
                    .append(escape(m.getString("pattern." + k.wireName()))).append("</option>");
        }
        String controls = """
                <h2>%s</h2>
                <p><label>%s <select id="kind">%s</select></label>
                <label>%s <input id="minutes" type="number" min="1" max="1440" value="5" size="5"></label>
                <button id="show">%s</button> <button id="clear">%s</button></p>
                <p id="power" hidden>%s <button id="powerOn">%s</button> <button id="powerOff">%s</button> <button id="powerAuto">%s</button>
                <br><span class="note">%s</span></p>
                <p id="result" class="note"></p>
                """.formatted(escape(m.getString("controls.title")), escape(m.getString("controls.pattern")), options,
                escape(m.getString("controls.minutes")), escape(m.getString("controls.show")),
                escape(m.getString("controls.clear")), escape(m.getString("controls.power")),
                escape(m.getString("controls.powerOn")), escape(m.getString("controls.powerOff")),
                escape(m.getString("controls.powerAuto")), escape(m.getString("controls.powerNote")));
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
                %s<script>
                const T = %s;
                let S = %s;
                function fill(id, text, bad) { const e = document.getElementById('f-' + id); e.textContent = text; e.className = bad ? 'bad' : ''; }
                function when(at) { return at ? new Date(at).toLocaleString(document.documentElement.lang) : ''; }
                function mib(n) { return (n / 1048576).toFixed(1) + ' MiB'; }
                function show(s) {
                  fill('device', s.device); fill('channel', s.channel);
                  fill('version', s.version ? String(s.version) : T['value.noPlaylist'], !s.version);
                  fill('expires', s.expires ? when(s.expires) : T['value.none']);
                  const onWall = s.testPattern && s.testPattern.shown !== false;
                  fill('playing', s.playing ? s.playing.title + ' (' + s.playing.id + '), ' + T['value.since'] + ' ' + when(s.playing.since) : onWall ? T['value.patternShown'] : T['value.black'], !s.playing && !onWall);
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
                  const hidden = s.testPattern && s.testPattern.shown === false;
                  const powering = s.testPattern && s.hardware && s.hardware.power && s.hardware.power.reason === 'test-pattern';
                  fill('testPattern', s.testPattern ? (T['pattern.' + s.testPattern.kind] || s.testPattern.kind) + (s.testPattern.until ? ', ' + T['value.until'] + ' ' + when(s.testPattern.until) : ', ' + T['value.untilCleared'])
                       + (hidden ? '; ' + T['value.patternHidden'] : powering ? '; ' + T['value.patternPowers'] : '') : T['value.none'], !!s.testPattern);
                  const h = s.hardware;
                  fill('hardware', h ? [h.output + (h.outputFault ? ': ' + h.outputFault : ''),
                      h.power ? T['value.power'] + ' ' + (h.power.on ? T['value.on'] : T['value.off']) + ' (' + h.power.reason + ')' + (h.power.fault ? ': ' + h.power.fault : '') : null,
                      h.brightness ? T['value.brightness'] + ' ' + Math.round(h.brightness.level * 100) + '%% (' + h.brightness.source + (h.brightness.lux != null ? ', ' + Math.round(h.brightness.lux) + ' lux' : '') + ')' + (h.brightness.fault ? ': ' + h.brightness.fault : '') : null,
                      h.watchdog && h.watchdog.restarts ? T['value.restarts'] + ': ' + h.watchdog.restarts : null,
                      ...(h.faults || [])].filter(x => x).join('; ') : T['value.none'],
                      h && (h.outputFault || (h.faults && h.faults.length) || (h.power && h.power.fault) || (h.brightness && h.brightness.fault)));
                  document.getElementById('power').hidden = !(h && h.power); // only with a relay configured
                  const q = s.mqtt;
                  fill('mqtt', q ? (q.connected ? T['value.connected'] : T['value.disconnected'] + (q.lastError ? ': ' + q.lastError : '')) + '; ' + T['value.outbox'] + ' ' + q.outboxSize + (q.outboxReset ? '; ' + q.outboxReset : '') : T['value.none'], q && (!q.connected || !!q.outboxReset));
                }
                function send(method, path, body) {
                  fetch(path, { method: method, cache: 'no-store', headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
                    .then(r => r.status === 204 ? null : r.json().then(j => j.error))
                    .then(e => { document.getElementById('result').textContent = e || T['controls.done']; })
                    .catch(e => { document.getElementById('result').textContent = String(e); });
                }
                document.getElementById('show').onclick = () => send('POST', 'test-pattern', { kind: document.getElementById('kind').value, seconds: 60 * parseInt(document.getElementById('minutes').value || '5', 10) });
                document.getElementById('clear').onclick = () => send('DELETE', 'test-pattern');
                document.getElementById('powerOn').onclick = () => send('POST', 'power', { on: true, minutes: parseInt(document.getElementById('minutes').value || '5', 10) });
                document.getElementById('powerOff').onclick = () => send('POST', 'power', { on: false, minutes: parseInt(document.getElementById('minutes').value || '5', 10) });
                document.getElementById('powerAuto').onclick = () => send('DELETE', 'power');
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
                rows, controls, scriptJson(text), scriptJson(s.toJson()));
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
