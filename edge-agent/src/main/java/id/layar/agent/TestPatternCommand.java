package id.layar.agent;

import id.layar.render.TestPattern;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge-agent test-pattern grid --for 10m}: asks the running agent (its technician API, with the token from
 * agent.yaml) to show a test pattern; {@code test-pattern off} goes back to the content.
 */
@Command(name = "test-pattern", mixinStandardHelpOptions = true,
        description = "Show a test pattern on the wall through the running agent, or 'off' to go back to the content.")
final class TestPatternCommand implements Callable<Integer> {
    static final String KINDS = Arrays.stream(TestPattern.Kind.values()).map(TestPattern.Kind::wireName)
            .collect(Collectors.joining(", "));

    @Parameters(paramLabel = "KIND", description = "red, green, blue, white, grid, gradient, moving-bar, or off")
    String kind;

    @Option(names = "--for", paramLabel = "DURATION", description = "how long, like 90s, 10m or 2h (default: until 'off')")
    String forText;

    @Option(names = {"-c", "--config"}, defaultValue = "/etc/layar/agent.yaml", paramLabel = "FILE",
            description = "the agent's config, for the API address and token (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--lang", paramLabel = "en|id", description = "language of the messages (default: from LANG)")
    String lang;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliText t = new CliText(lang);
        AgentConfig cfg = Main.loadConfig(config, err);
        if (cfg == null) {
            return Main.EXIT_CONFIG;
        }
        boolean off = "off".equals(kind);
        TestPattern.Kind k = off ? null : TestPattern.Kind.parse(kind);
        Duration d = forText == null ? null : AgentConfig.parseDuration(forText);
        if ((!off && k == null) || (forText != null && (d == null || d.isZero() || d.compareTo(TechnicianApi.MAX_OVERRIDE) > 0))) {
            err.println(t.get("cli.pattern.usage", kind, forText == null ? "" : forText, KINDS));
            err.flush();
            return Main.EXIT_CONFIG;
        }
        URI url = cfg.localApiUrl("/test-pattern");
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (cfg.apiToken() != null) {
            req.header("Authorization", "Bearer " + cfg.apiToken());
        }
        if (off) {
            req.DELETE();
        } else {
            JsonObject body = new JsonObject().put("kind", k.wireName());
            if (d != null) {
                body.put("seconds", Math.max(1, d.toSeconds()));
            }
            req.POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        }
        HttpResponse<String> r;
        try {
            r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println(t.get("cli.pattern.unreachable", url, e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return Main.EXIT_FAILED;
        }
        if (r.statusCode() == 204) {
            out.println(off ? t.get("cli.pattern.off") : d == null ? t.get("cli.pattern.on", k.wireName())
                    : t.get("cli.pattern.onFor", k.wireName(), forText));
            out.flush();
            return Main.EXIT_OK;
        }
        err.println(t.get("cli.pattern.refused", r.statusCode(), r.body()));
        err.flush();
        return Main.EXIT_FAILED;
    }
}
