package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import id.layar.packager.Session;
import id.layar.packager.serve.Origin;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code serve BUNDLE}: an embedded origin for a pilot site, until Ctrl-C. */
@Command(name = "serve", description = "Serves a bundle over HTTP (an origin for a pilot site) until Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BUNDLE", description = "The bundle folder.")
    Path bundle;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    private final Session session;

    public ServeCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Origin origin;
            try {
                origin = Origin.start(vertx, bundle, host, port, line -> session.note("serve.access", line))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            session.say("serve.url", bundle, host, origin.port());
            session.say("serve.stop");
            session.stopSignal().join();
            origin.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return ExitCodes.OK;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
