package id.layar.agent.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * What {@code doctor} asks the operating system, behind injectable roots: tests build a fake tree ({@code sys/},
 * {@code dev/}, {@code run/}, {@code etc/}) in a temp folder and answer the few commands themselves.
 *
 * @param root        the file system root ({@code /} on a device)
 * @param sys         sysfs ({@code /sys}): framebuffer geometry, throttling flags
 * @param dev         device nodes ({@code /dev}): fb0, gpiochip0, spidev0.0, i2c-1
 * @param run         runtime state ({@code /run}): {@code systemd/timesync/synchronized}
 * @param etc         {@code /etc}: passwd and group, to judge a user's access
 * @param commands    runs a command and returns its standard output, empty when it is absent or fails
 * @param usableSpace free bytes for an unprivileged writer on the file system holding a path
 * @param clock       the system clock
 * @param userName    who runs doctor (the JVM's user.name)
 */
public record Host(Path root, Path sys, Path dev, Path run, Path etc, Commands commands, ToLongFunction<Path> usableSpace,
                   Clock clock, String userName) {

    /** Runs a command; empty when it does not exist, fails or times out. */
    @FunctionalInterface
    public interface Commands {
        Optional<String> run(List<String> argv, Duration timeout);
    }

    /** The real machine. */
    public static Host system() {
        return under(Path.of("/"), Host::exec);
    }

    /** Every OS location below {@code root}, commands answered by {@code commands}. */
    public static Host under(Path root, Commands commands) {
        return new Host(root, root.resolve("sys"), root.resolve("dev"), root.resolve("run"), root.resolve("etc"), commands,
                Host::usable, Clock.systemUTC(), System.getProperty("user.name", ""));
    }

    public Host withClock(Clock c) {
        return new Host(root, sys, dev, run, etc, commands, usableSpace, c, userName);
    }

    public Host withUsableSpace(ToLongFunction<Path> f) {
        return new Host(root, sys, dev, run, etc, commands, f, clock, userName);
    }

    public Host withUserName(String name) {
        return new Host(root, sys, dev, run, etc, commands, usableSpace, clock, name);
    }

    /** Free bytes on the file system holding {@code p}, or -1 when it cannot be measured. */
    static long usable(Path p) {
        try {
            FileStore s = Files.getFileStore(p);
            return s.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Runs argv with a timeout; its standard output (trimmed) when it exits 0. */
    static Optional<String> exec(List<String> argv, Duration timeout) {
        try {
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] outBytes;
            try (InputStream in = p.getInputStream()) {
                outBytes = in.readNBytes(64 * 1024);
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(outBytes, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
