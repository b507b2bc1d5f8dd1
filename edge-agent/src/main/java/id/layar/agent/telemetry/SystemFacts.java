package id.layar.agent.telemetry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Facts about the controller for the retained state: the CPU temperature from the kernel's thermal zones and the free
 * space of the file system the state folder is on.
 *
 * <p>Every OS path is resolved under an injected root ({@link #at(Path)}; {@link #system()} is {@code /}), so tests
 * build a fake {@code sys/class/thermal} tree in a temp folder. Reads are small, but they are file I/O: call them off
 * the event loop. Stateless and thread-safe.
 */
public final class SystemFacts {
    /**
     * Thermal zone types that are the CPU, best first: {@code cpu-thermal} (Raspberry Pi OS), {@code cpu_thermal} (older
     * Pi kernels), {@code x86_pkg_temp} (Intel), {@code soc_thermal}, {@code cpu0-thermal}.
     */
    static final List<String> CPU_ZONE_TYPES = List.of("cpu-thermal", "cpu_thermal", "x86_pkg_temp", "soc_thermal",
            "cpu0-thermal");
    /** Readings outside this range (in °C) are a broken sensor, not a temperature. */
    private static final double MIN_C = -60;
    private static final double MAX_C = 200;
    /**
     * The most read from one sysfs file. Its reported size says nothing: sysfs gives every attribute the page size
     * (4 KiB, but 16 KiB on the Raspberry Pi 5's default kernel), whatever the value's length; the read returns only the
     * value. The first line of a file is all that is used, and a few bytes long.
     */
    static final int MAX_READ_BYTES = 4096;

    private final Path root;

    private SystemFacts(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The real machine: {@code /sys} under {@code /}. */
    public static SystemFacts system() {
        return new SystemFacts(Path.of("/"));
    }

    /** A machine whose {@code /} is {@code root} (a fake tree in tests). */
    public static SystemFacts at(Path root) {
        return new SystemFacts(root);
    }

    /**
     * The CPU temperature in °C, one decimal, from {@code <root>/sys/class/thermal/thermal_zone*}{@code /temp}
     * (millidegrees): the zone whose {@code type} is a CPU ({@link #CPU_ZONE_TYPES}, in that order of preference), else
     * the first zone (by number) with a readable temperature; null when there is none. Blocking (file reads).
     */
    public Double cpuTemperatureC() {
        Path thermal = root.resolve("sys/class/thermal");
        if (!Files.isDirectory(thermal)) {
            return null;
        }
        List<Path> zones = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(thermal, "thermal_zone*")) {
            for (Path z : dir) {
                if (zoneNumber(z) >= 0) {
                    zones.add(z);
                }
            }
        } catch (IOException e) {
            return null;
        }
        zones.sort(Comparator.comparingLong(SystemFacts::zoneNumber));
        Double first = null;
        Double best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Path z : zones) {
            Double c = readCelsius(z.resolve("temp"));
            if (c == null) {
                continue;
            }
            if (first == null) {
                first = c;
            }
            int rank = CPU_ZONE_TYPES.indexOf(readLine(z.resolve("type")));
            if (rank >= 0 && rank < bestRank) {
                best = c;
                bestRank = rank;
            }
        }
        return best != null ? best : first;
    }

    /**
     * The bytes free for an unprivileged user on the file system holding {@code path} (which must exist), or -1 when
     * that cannot be read. Blocking (a statfs call).
     */
    public long diskFreeBytes(Path path) {
        try {
            return Files.getFileStore(path).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    private static long zoneNumber(Path zone) {
        String n = zone.getFileName().toString().substring("thermal_zone".length());
        if (n.isEmpty() || n.length() > 9 || !n.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(n);
    }

    private static Double readCelsius(Path temp) {
        String s = readLine(temp);
        if (s == null) {
            return null;
        }
        try {
            double c = Long.parseLong(s) / 1000.0;
            if (c < MIN_C || c > MAX_C) {
                return null;
            }
            return Math.round(c * 10) / 10.0;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The first line of a sysfs file (up to a line break or NUL, within its first {@link #MAX_READ_BYTES} bytes),
     * trimmed and lower case; null if it cannot be read. The reported file size is not looked at (see
     * {@link #MAX_READ_BYTES}).
     */
    private static String readLine(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            String s = new String(in.readNBytes(MAX_READ_BYTES), StandardCharsets.US_ASCII);
            int end = s.length();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\n' || c == '\0') {
                    end = i;
                    break;
                }
            }
            return s.substring(0, end).strip().toLowerCase(Locale.ROOT);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "SystemFacts[" + root + "]";
    }
}
