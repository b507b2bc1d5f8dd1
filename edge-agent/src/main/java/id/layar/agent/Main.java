package id.layar.agent;

import id.layar.agent.hardware.HardwareContext;
import id.layar.agent.hardware.HardwareException;
import id.layar.agent.hardware.Scheduler;
import id.layar.render.PanelPort;
import id.layar.render.TestPattern;
import id.layar.render.VirtualPanel;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edge-agent run --config agent.yaml} ({@code run} is the default command), {@code edge-agent import DIR
 * --config agent.yaml} and {@code edge-agent verify DIR --root ROOT.json --channel CH}.
 */
@Command(name = "edge-agent", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Plays a channel's signed playlist on an LED videotron.",
        subcommands = {Main.Run.class, TestPatternCommand.class, ImportCommand.class, VerifyCommand.class,
                id.layar.agent.ops.ProvisionCommand.class, id.layar.agent.ops.DoctorCommand.class})
public final class Main implements Callable<Integer> {
    /** Done: the agent stopped cleanly, the bundle was imported (or was already there), the bundle is valid. */
    public static final int EXIT_OK = 0;
    /** The config file is missing or wrong: fix it, restarting will not help. */
    public static final int EXIT_CONFIG = 3;
    /** The agent could not start (trusted root missing or invalid, state folder unwritable, port taken). */
    public static final int EXIT_START = 4;
    /** The content was refused by a trust rule (signatures, channel, version, expiry, a blob); nothing was changed. */
    public static final int EXIT_REJECTED = 5;
    /** The content could not be read or stored (a missing file, a full card); nothing half-written; try again. */
    public static final int EXIT_FAILED = 6;
    /** The output froze or failed and restarting it did not help: systemd restarts the whole agent. */
    public static final int EXIT_OUTPUT = 7;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line in-process and returns the exit code. */
    static int run(String... args) {
        return new CommandLine(new Main()).execute(withDefaultCommand(args));
    }

    /** Runs the command line in-process with its output captured (for tests) and returns the exit code. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(withDefaultCommand(args));
    }

    /** Inserts {@code run} when the arguments start with an option other than help or version. */
    static String[] withDefaultCommand(String[] args) {
        if (args.length == 0 || (args[0].startsWith("-") && !List.of("-h", "--help", "-V", "--version").contains(args[0]))) {
            List<String> out = new ArrayList<>(List.of("run"));
            out.addAll(Arrays.asList(args));
            return out.toArray(String[]::new);
        }
        return args;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    /** Loads the config, or prints every problem in it and returns null: the command then exits with {@link #EXIT_CONFIG}. */
    static AgentConfig loadConfig(Path file, PrintWriter err) {
        try {
            return AgentConfig.load(file);
        } catch (AgentConfig.InvalidConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return null;
        }
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A small Vert.x for a Pi: one event loop, two workers, a small internal blocking pool. */
    static VertxOptions vertxOptions() {
        return new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2);
    }

    /** The Vert.x of {@code run}: {@link #vertxOptions()} reporting its HTTP, pool and event-bus meters to {@code registry}. */
    static Vertx vertx(PrometheusMeterRegistry registry) {
        return Vertx.builder()
                .with(vertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the agent until stopped (SIGTERM or Ctrl-C).")
    static final class Run implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the agent's YAML config, e.g. /etc/layar/agent.yaml")
        Path config;

        @Option(names = "--stacktrace", description = "print stack traces of start-up errors")
        boolean stacktrace;

        @Option(names = "--test-pattern", paramLabel = "KIND", description = "start with a test pattern on the wall instead"
                + " of the content: red, green, blue, white, grid, gradient, moving-bar; in the power schedule's off-hours"
                + " it keeps the panel on while it shows (clear it on the technician page or with"
                + " `edge-agent test-pattern off`)")
        String testPattern;

        @Option(names = "--test-pattern-for", paramLabel = "DURATION", description = "how long the start-up test pattern"
                + " stays, up to 24h, like 10m (default: until cleared)")
        String testPatternFor;

        @Option(names = "--lang", paramLabel = "en|id", description = "language of the start-up messages about"
                + " --test-pattern (default: from LANG)")
        String lang;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The started agent with its Vert.x and hardware; {@link #close} stops all three. */
        record Running(Agent agent, Vertx vertx, HardwareContext hw) implements AutoCloseable {
            @Override
            public void close() throws Exception {
                try {
                    agent.stop().eventually(vertx::close).await(15, TimeUnit.SECONDS);
                } finally {
                    hw.close();
                }
            }
        }

        /** Either the running agent or the exit code of why it did not start. */
        record Started(Running running, int exitCode) {
        }

        @Override
        public Integer call() throws Exception {
            Started s = start();
            if (s.running() == null) {
                return s.exitCode();
            }
            Running running = s.running();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    running.close();
                } catch (Exception e) {
                    System.err.println("edge-agent: unclean shutdown: " + e);
                } finally {
                    stopped.countDown();
                }
            }, "shutdown"));
            stopped.await();
            return 0;
        }

        /**
         * Everything {@code run} does before it waits for SIGTERM: checks the options and the config, opens the
         * hardware, starts the agent and puts the start-up test pattern on the wall. Tests call it in-process.
         */
        Started start() {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            AgentConfig cfg = loadConfig(config, err);
            if (cfg == null) {
                return new Started(null, EXIT_CONFIG);
            }
            TestPattern.Kind pattern = null;
            Duration patternFor = null;
            if (testPattern != null || testPatternFor != null) {
                pattern = testPattern == null ? null : TestPattern.Kind.parse(testPattern);
                patternFor = testPatternFor == null ? null : AgentConfig.parseDuration(testPatternFor);
                if (pattern == null || (testPatternFor != null && (patternFor == null || patternFor.isZero()
                        || patternFor.compareTo(TechnicianApi.MAX_OVERRIDE) > 0))) {
                    err.println("edge-agent: " + new CliText(lang).get("cli.run.patternUsage",
                            testPattern == null ? "(none)" : testPattern, testPatternFor == null ? "-" : testPatternFor,
                            TestPatternCommand.KINDS));
                    err.flush();
                    return new Started(null, EXIT_CONFIG);
                }
            }
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Vertx vertx = vertx(registry);
            HardwareContext hw;
            java.util.concurrent.atomic.AtomicReference<Agent> started = new java.util.concurrent.atomic.AtomicReference<>();
            try {
                Scheduler timers = (ms, task) -> {
                    long id = vertx.setTimer(Math.max(1, ms), t -> task.run());
                    return () -> vertx.cancelTimer(id);
                };
                // Opened even for the virtual panel (Pi4J only starts when GPIO, I2C or SPI is configured): the
                // playlist's off-hours, the technician's power override and the tick apply to every wall.
                hw = HardwareContext.open(cfg.hardware(), cfg.width(), cfg.height(), HardwareContext::productionPi4j,
                        timers, Clock.systemUTC(), () -> {
                            Agent a = started.get();
                            return a == null ? null : a.playlistZone();
                        });
            } catch (HardwareException e) {
                err.println("edge-agent: cannot start the hardware: " + e.getMessage());
                err.flush();
                closeQuietly(vertx);
                return new Started(null, EXIT_START);
            }
            PanelPort panel = hw.output().map(o -> (PanelPort) o).orElseGet(() -> new VirtualPanel(cfg.width(), cfg.height()));
            Runnable gaveUp = () -> {
                System.err.println("edge-agent: the output (" + panel + ") stays frozen or failed after "
                        + Agent.MAX_OUTPUT_RESTARTS + " restarts; exiting so that systemd restarts the agent");
                System.exit(EXIT_OUTPUT);
            };
            Agent agent;
            try {
                agent = Agent.start(vertx, cfg, panel, Clock.systemUTC(), new Agent.Extras(hw, registry, gaveUp))
                        .await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
                err.println("edge-agent: cannot start: " + cause.getMessage());
                if (stacktrace) {
                    cause.printStackTrace(err);
                }
                err.flush();
                hw.close();
                closeQuietly(vertx);
                return new Started(null, EXIT_START);
            }
            started.set(agent);
            if (pattern != null) {
                String refused = agent.showTestPattern(pattern, patternFor);
                if (refused != null) {
                    err.println("edge-agent: the test pattern is not shown: " + refused);
                    err.flush();
                }
            }
            out.println("Technician page: http://" + hostForUrl(cfg.apiHost()) + ":" + agent.apiPort() + "/"
                    + (cfg.apiToken() == null ? "" : "  (sign in with api.token from " + config + ")"));
            out.flush();
            return new Started(new Running(agent, vertx, hw), EXIT_OK);
        }

        static void closeQuietly(Vertx vertx) {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Exiting anyway.
            }
        }

        static String hostForUrl(String host) {
            return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"edge-agent " + Agent.agentVersion()};
        }
    }
}
