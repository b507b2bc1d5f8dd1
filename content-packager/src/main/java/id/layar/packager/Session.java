package id.layar.packager;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/**
 * What every command shares in one run: where output goes, the language, {@code --stacktrace}, the clock,
 * and a signal that stops long-running commands ({@code serve}). Tests build one with a fixed clock and
 * capture the writers of the {@link CommandLine}.
 */
public final class Session {
    private final Clock clock;
    private final CompletableFuture<Void> stop = new CompletableFuture<>();
    private volatile CompletableFuture<Void> cleanup;
    private CommandLine commandLine;
    private Messages messages = Messages.forLanguage(null);
    private boolean stacktrace;

    public Session(Clock clock) {
        this.clock = clock;
    }

    void attach(CommandLine commandLine) {
        this.commandLine = commandLine;
    }

    void configure(String lang, boolean stacktrace) {
        this.messages = Messages.forLanguage(lang);
        this.stacktrace = stacktrace;
    }

    public Clock clock() {
        return clock;
    }

    public Messages messages() {
        return messages;
    }

    public boolean stacktrace() {
        return stacktrace;
    }

    public PrintWriter out() {
        return commandLine.getOut();
    }

    public PrintWriter err() {
        return commandLine.getErr();
    }

    /** Prints a message on stdout in the session's language. */
    public void say(String key, Object... args) {
        out().println(messages.get(key, args));
        out().flush();
    }

    /** Prints a message on stderr in the session's language. */
    public void note(String key, Object... args) {
        err().println(messages.get(key, args));
        err().flush();
    }

    public String text(Msg msg) {
        return messages.format(msg);
    }

    /** Completed on Ctrl-C (a shutdown hook) or by a test, to end {@code serve}. */
    public CompletableFuture<Void> stopSignal() {
        return stop;
    }

    /**
     * Called by a long-running command that must close things after the stop signal (a broker's store, a database):
     * the returned future is completed by the command when it has, and Ctrl-C waits for it (a while) before the JVM ends.
     */
    public CompletableFuture<Void> cleanupPending() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        cleanup = f;
        return f;
    }

    /** On Ctrl-C: signals stop, then gives a command that asked for it up to {@code seconds} to close what it holds. */
    void stopAndWait(long seconds) {
        stop.complete(null);
        CompletableFuture<Void> f = cleanup;
        if (f != null) {
            try {
                f.get(seconds, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // the JVM ends anyway
            }
        }
    }
}
