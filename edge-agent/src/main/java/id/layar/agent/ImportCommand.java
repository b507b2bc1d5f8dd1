package id.layar.agent;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edge-agent import DIR --config agent.yaml}: accepts a bundle from a folder (a USB stick at a site without a
 * network) through exactly the verification and commit path of a network pull ({@link Updater} over a
 * {@link DirectorySource}). Run it while the agent is stopped: it takes the state folder's lock and refuses if the
 * agent holds it.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Accept a bundle from a folder (a USB stick) with the same checks as a network pull; run it while the agent is stopped.")
final class ImportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "the bundle folder (root.json, roots/, channels/, blobs/)")
    Path dir;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the agent's YAML config")
    Path config;

    @Option(names = "--lang", paramLabel = "en|id", description = "language of the messages (default: from LANG)")
    String lang;

    @Option(names = "--stacktrace", description = "print stack traces of unexpected errors")
    boolean stacktrace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliText text = new CliText(lang);
        AgentConfig cfg = Main.loadConfig(config, err);
        if (cfg == null) {
            return Main.EXIT_CONFIG;
        }
        if (!Files.isDirectory(dir)) {
            err.println(text.get("cli.notFolder", dir));
            err.flush();
            return Main.EXIT_CONFIG;
        }
        Vertx vertx = Vertx.builder().with(Main.vertxOptions()).build();
        Agent.Booted booted = null;
        try {
            try {
                booted = vertx.executeBlocking(() -> Agent.boot(cfg, Clock.systemUTC()), false).await(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                err.println(text.get("cli.cannotStart", Main.rootCause(e).getMessage()));
                if (stacktrace) {
                    e.printStackTrace(err);
                }
                err.flush();
                return Main.EXIT_START;
            }
            Updater updater = new Updater(vertx, cfg, booted.store(), booted.state(), booted.clock());
            DirectorySource source = new DirectorySource(vertx, dir);
            Context ctx = vertx.getOrCreateContext();
            Promise<SyncOutcome> done = Promise.promise();
            ctx.runOnContext(v -> updater.cycle(source).onComplete(done));
            SyncOutcome o = done.future().await();
            String where = source.root().toString();
            switch (o.kind()) {
                case ACCEPTED -> out.println(text.get("cli.import.accepted", where, o.detail()));
                case UNCHANGED -> out.println(text.get("cli.import.unchanged", where, o.detail(), o.version()));
                case REJECTED -> err.println(text.get("cli.import.refused", where, o.detail(), o.version()));
                case FAILED -> err.println(text.get("cli.import.failed", where, o.detail(), o.version()));
            }
            out.flush();
            err.flush();
            return switch (o.kind()) {
                case ACCEPTED, UNCHANGED -> Main.EXIT_OK;
                case REJECTED -> Main.EXIT_REJECTED;
                case FAILED -> Main.EXIT_FAILED;
            };
        } catch (Exception e) {
            err.println(text.get("cli.import.failed", dir, Main.rootCause(e).toString(), "?"));
            if (stacktrace) {
                e.printStackTrace(err);
            }
            err.flush();
            return Main.EXIT_FAILED;
        } finally {
            if (booted != null) {
                try {
                    booted.store().close();
                } catch (Exception e) {
                    // Exiting anyway; the OS releases the lock.
                }
            }
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Exiting anyway.
            }
        }
    }
}
