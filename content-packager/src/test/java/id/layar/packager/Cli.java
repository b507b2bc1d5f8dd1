package id.layar.packager;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import id.layar.playlist.testing.TestKeys;
import picocli.CommandLine;

/** Runs the real command line in-process and captures what it prints. */
public final class Cli {
    public final Session session;
    private final CommandLine commandLine;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    public Cli() {
        this(Clock.fixed(TestKeys.NOW, ZoneOffset.UTC));
    }

    public Cli(Clock clock) {
        session = new Session(clock);
        commandLine = Main.commandLine(session);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
    }

    public int run(Object... args) {
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = String.valueOf(args[i]);
        }
        return commandLine.execute(a);
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }
}
