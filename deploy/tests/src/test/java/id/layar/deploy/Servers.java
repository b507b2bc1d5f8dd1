package id.layar.deploy;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finding server binaries, free ports, and running a server as a child process that a test always stops. */
final class Servers {
    private Servers() {
    }

    /** The deploy/ folder (the configs under test). */
    static Path deployDir() {
        return Path.of(System.getProperty("layar.deploy.dir", "..")).toAbsolutePath().normalize();
    }

    /** A binary on PATH or in the sbin folders (nginx and mosquitto live in /usr/sbin, not on a user's PATH). */
    static Optional<Path> binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command to completion; its output when it succeeds, an AssertionError with the output when not. */
    static String runOrFail(List<String> argv, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", argv) + " failed:\n" + out);
        }
        return out;
    }

    /** A server running as a child process, its output in a log file; closing stops it. */
    static final class Child implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final String name;

        private Child(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        /** Starts argv and waits until it accepts TCP connections on every one of {@code ports}. */
        static Child start(String name, List<String> argv, Path dir, Path log, Duration wait, int... ports) throws Exception {
            Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            Child c = new Child(name, p, log);
            long deadline = System.nanoTime() + wait.toNanos();
            for (int port : ports) {
                while (!accepts(port)) {
                    if (!p.isAlive()) {
                        throw new AssertionError(name + " exited with " + p.exitValue() + " before listening on " + port + ":\n" + c.log());
                    }
                    if (System.nanoTime() > deadline) {
                        c.close();
                        throw new AssertionError(name + " did not listen on " + port + " within " + wait.toSeconds() + " s:\n" + c.log());
                    }
                    Thread.sleep(50);
                }
            }
            return c;
        }

        private static boolean accepts(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        String log() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        @Override
        public String toString() {
            return name + " (pid " + process.pid() + ")";
        }
    }
}
