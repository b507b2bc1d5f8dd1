package id.layar.packager;

import id.layar.packager.cli.BuildCommand;
import id.layar.packager.cli.FleetCommand;
import id.layar.packager.cli.KeysCommand;
import id.layar.packager.cli.PreviewCommand;
import id.layar.packager.cli.PublishCommand;
import id.layar.packager.cli.ServeCommand;
import id.layar.packager.cli.ValidateCommand;
import id.layar.packager.site.Problem;
import id.layar.packager.site.SiteInvalidException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * {@code content-packager}: the Diskominfo staff's command line. One small class per subcommand in
 * {@code id.layar.packager.cli}; the work is done by the domain packages ({@code site}, {@code build},
 * {@code keys}, {@code publish}, {@code serve}, {@code fleet}). Exit codes are in {@link ExitCodes}.
 */
@Command(name = "content-packager", mixinStandardHelpOptions = true, version = "content-packager 0.1.0",
        description = "Checks, builds, signs, publishes and serves Layar signage content; shows the fleet.",
        subcommands = {ValidateCommand.class, BuildCommand.class, PreviewCommand.class, KeysCommand.class, PublishCommand.class,
                ServeCommand.class, FleetCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    @Option(names = "--stacktrace", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean stacktrace;

    @Option(names = "--lang", scope = ScopeType.INHERIT, paramLabel = "id|en",
            description = "Language of messages: id (Bahasa Indonesia) or en. Default: the system language.")
    String lang;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.INVALID_INPUT;
    }

    public static void main(String[] args) {
        // Text and images are rendered off-screen; never open a connection to a desktop display.
        System.setProperty("java.awt.headless", "true");
        Session session = new Session(Clock.systemUTC());
        // Ctrl-C ends serve and fleet collect; they get a moment to close the broker's store and plays.db.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stopAndWait(15), "stop-serving"));
        System.exit(commandLine(session).execute(args));
    }

    /** A fully configured command line with the system clock. */
    public static CommandLine commandLine() {
        return commandLine(new Session(Clock.systemUTC()));
    }

    /**
     * A fully configured command line for a session (tests pass a fixed clock and may call
     * {@link CommandLine#setOut}/{@link CommandLine#setErr} before {@link CommandLine#execute}).
     */
    public static CommandLine commandLine(Session session) {
        CommandLine cl = new CommandLine(new Main(), new Factory(session));
        session.attach(cl);
        cl.setExecutionStrategy(parseResult -> {
            configure(session, parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> handle(session, ex));
        return cl;
    }

    /** Reads the inherited global options wherever on the command line they were given. */
    private static void configure(Session session, ParseResult parseResult) {
        String lang = null;
        boolean stacktrace = false;
        for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--lang")) {
                lang = pr.matchedOptionValue("--lang", lang);
            }
            stacktrace |= pr.hasMatchedOption("--stacktrace");
        }
        if (lang != null && !lang.matches("(?i)id|en|in")) {
            throw new CommandLine.ParameterException(parseResult.commandSpec().commandLine(),
                    "--lang must be id or en; found '" + lang + "'");
        }
        session.configure(lang, stacktrace);
    }

    /** Maps an exception to its exit code with a one-line message (and the stack trace if asked for). */
    static int handle(Session session, Exception ex) {
        if (session.stacktrace()) {
            StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            session.err().print(sw);
        }
        if (ex instanceof SiteInvalidException e) {
            printProblems(session, e);
            return ExitCodes.INVALID_INPUT;
        }
        if (ex instanceof PackagerException e) {
            session.note("error.line", session.text(e.msg()));
            return e.exitCode();
        }
        IOException io = ex instanceof IOException e ? e : ex instanceof UncheckedIOException u ? u.getCause() : null;
        if (io != null) {
            session.note("error.line", describe(session, io));
            return ExitCodes.IO_ERROR;
        }
        session.note("error.internal", ex.getClass().getName(), String.valueOf(ex.getMessage()));
        return ExitCodes.INTERNAL;
    }

    public static void printProblems(Session session, SiteInvalidException e) {
        for (Problem p : e.problems()) {
            session.out().println(p.format(session.messages()));
        }
        session.say(e.problems().size() == 1 ? "problems.one" : "problems.many", e.problems().size(), e.site());
    }

    /** NIO exceptions often carry only a path; say what happened to it. */
    static String describe(Session session, IOException e) {
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile();
            String key = e instanceof NoSuchFileException ? "io.noSuchFile"
                    : e instanceof AccessDeniedException ? "io.accessDenied"
                    : e instanceof FileAlreadyExistsException ? "io.exists"
                    : e instanceof DirectoryNotEmptyException ? "io.notEmpty"
                    : e instanceof NotDirectoryException ? "io.notFolder" : null;
            if (key != null) {
                return session.messages().get(key, file);
            }
            return session.messages().get("io.other", file, fs.getReason() == null ? e.getClass().getSimpleName() : fs.getReason());
        }
        return session.messages().get("io.generic", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** Gives each command the session through its constructor. */
    private record Factory(Session session) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(Session.class).newInstance(session);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
