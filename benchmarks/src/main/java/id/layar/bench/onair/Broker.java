package id.layar.bench.onair;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto child process for the run: a free loopback port, anonymous clients, no persistence, its log in the
 * work folder. Stopped with SIGTERM (then SIGKILL) by {@link #close()}, and by a shutdown hook if the run is
 * interrupted, so no broker outlives the benchmark.
 */
final class Broker implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private final String version;
    private final Thread hook;

    private Broker(Process process, int port, Path log, String version) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.version = version;
        this.hook = new Thread(process::destroyForcibly, "stop-mosquitto");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static Broker start(Path dir) throws IOException, InterruptedException {
        Path binary = binary().orElseThrow(() -> new IOException("mosquitto is not installed (looked on PATH, /usr/sbin"
                + " and /sbin): install it with 'apt-get install mosquitto' and run again"));
        Files.createDirectories(dir);
        int port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Path log = dir.resolve("mosquitto.log");
        StringBuilder c = new StringBuilder("# Written by PublishLatency for one run.\n");
        if ("root".equals(System.getProperty("user.name"))) {
            c.append("user root\n"); // else Mosquitto switches to the 'mosquitto' user, who may not read this folder
        }
        c.append("listener ").append(port).append(" 127.0.0.1\n")
                .append("allow_anonymous true\n")
                .append("persistence false\n")
                .append("max_connections -1\n")
                .append("log_dest stdout\n")
                .append("log_type error\nlog_type warning\nlog_type notice\n");
        Files.writeString(conf, c.toString(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(binary.toString(), "-c", conf.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Broker b = new Broker(p, port, log, version(binary));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!accepts(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String why = p.isAlive() ? "did not listen within 15 s" : "exited with " + p.exitValue();
                b.close();
                throw new IOException("mosquitto on 127.0.0.1:" + port + " " + why + "; its log (" + log + "):\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
        return b;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String version() {
        return version;
    }

    /** The broker's resident memory from /proc, or "?" off Linux. */
    String residentMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // not Linux, or gone
        }
        return "?";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }

    private static Optional<Path> binary() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String d : path.split(File.pathSeparator)) {
            Path p = d.isEmpty() ? null : Path.of(d, "mosquitto");
            if (p != null && Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The first line of {@code mosquitto -h} ("mosquitto version 2.0.11"). */
    private static String version(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "-h").redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            p.waitFor(5, TimeUnit.SECONDS);
            return lines.isEmpty() ? "mosquitto (version unknown)" : lines.get(0).trim();
        } catch (IOException e) {
            return "mosquitto (version unknown: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "mosquitto (version unknown)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
