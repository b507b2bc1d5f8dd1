package id.layar.bench.onair;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** Facts about the host and this JVM for the report; every reader falls back to "?" off Linux. */
final class Machine {
    private Machine() {
    }

    /** "2 cores, AMD EPYC ..., 24 GiB, Linux 6.1 amd64, OpenJDK 64-Bit Server VM 17.0.15". */
    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), " + memTotal() + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch")
                + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    /** The three load averages from /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? "?" : String.format(Locale.ROOT, "%.2f (1 min)", one);
        }
    }

    /** The file system type of a folder (fsync costs differ: ext4 on a VM disk, tmpfs, an SD card). */
    static String fileSystem(Path dir) {
        try {
            return Files.getFileStore(dir).type();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Live and peak threads, heap after a full GC and committed, open file descriptors. */
    static String jvm() {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format(Locale.ROOT, "%d threads (peak %d), heap %d MiB used after GC / %d MiB committed / %d MiB max, %s"
                        + " open file descriptors", t.getThreadCount(), t.getPeakThreadCount(), heap.getUsed() >> 20,
                heap.getCommitted() >> 20, heap.getMax() >> 20, openFiles());
    }

    private static String openFiles() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return Long.toString(s.count());
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        return procLine(Path.of("/proc/cpuinfo"), "model name");
    }

    private static String memTotal() {
        String kb = procLine(Path.of("/proc/meminfo"), "MemTotal").replace("kB", "").trim();
        try {
            return Math.round(Long.parseLong(kb) / 1024.0 / 1024.0) + " GiB";
        } catch (NumberFormatException e) {
            return "?";
        }
    }

    private static String procLine(Path file, String key) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
