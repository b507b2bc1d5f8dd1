package id.layar.agent.ops;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signage-agent doctor}: checks config, trusted root, the accepted playlist and its media, the origin, the
 * running agent, the clock, the state folder and its disk, the framebuffer, GPIO/SPI/I2C access, power and the broker;
 * prints each finding with its fix; and exits 0 (the wall can play), 1 (it can, with warnings) or 2 (it cannot).
 * Reads only; safe on a live device.
 */
@Command(name = "doctor", sortOptions = false,
        description = {"Say whether this wall can play, and why not: each finding names its fix. Changes nothing.",
            "Run it with sudo: the config, the state folder and the service user's groups are not readable by everyone."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the wall can play", "1:the wall can play, with warnings", "2:the wall cannot play"})
public final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "the agent's config (default: /etc/layar/agent.yaml)")
    Path config;

    @Option(names = "--user", paramLabel = "NAME", description = "whose access to devices and the state folder to judge"
            + " (default: signage when run as root, else yourself)")
    String user;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "network timeout per check (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--lang", paramLabel = "en|id", description = "language of the messages (default: from LANG)")
    String lang;

    @Option(names = "--os-root", paramLabel = "DIR", hidden = true, description = "look for /sys, /dev, /run and /etc below DIR (tests)")
    Path osRoot;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Tests set this to a fake tree; otherwise the machine itself (or --os-root). */
    Host host;

    /** Runs doctor as its own program (before the command is registered in the agent's Main). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DoctorCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        OpsText t = OpsText.forLang(lang);
        Host h = host != null ? host : osRoot != null ? Host.under(osRoot, Host::exec) : Host.system();
        Path cfg = config != null ? config : h.etc().resolve("layar/agent.yaml");
        List<Finding> findings = new Doctor(h, t, Duration.ofSeconds(Math.max(1, timeoutSeconds))).examine(cfg, user);
        out.println(t.get("doctor.title", cfg));
        for (Finding f : findings) {
            out.printf("%-6s %-12s %s%n", label(t, f.severity()), f.check(), indent(f.message()));
            if (f.fix() != null) {
                out.printf("%-6s %-12s %s %s%n", "", "", t.get("doctor.fix"), indent(f.fix()));
            }
        }
        int code = Finding.exitCode(findings);
        long fails = findings.stream().filter(f -> f.severity() == Finding.Severity.FAIL).count();
        long warns = findings.stream().filter(f -> f.severity() == Finding.Severity.WARN).count();
        out.println(t.get("doctor.verdict." + code, fails, warns));
        out.flush();
        return code;
    }

    private static String label(OpsText t, Finding.Severity s) {
        return t.get("doctor.label." + s.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Continuation lines of a multi-line message line up under its first line. */
    private static String indent(String s) {
        return s.replace("\n", "\n" + " ".repeat(20));
    }
}
