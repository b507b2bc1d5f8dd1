package id.layar.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPU temperature and free disk from a fake sysfs tree. */
class SystemFactsTest {
    @TempDir
    Path root;

    void zone(int n, String type, String temp) throws Exception {
        Path z = Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone" + n));
        if (type != null) {
            Files.writeString(z.resolve("type"), type + "\n");
        }
        if (temp != null) {
            Files.writeString(z.resolve("temp"), temp + "\n");
        }
    }

    @Test
    void raspberryPiCpuZoneInMillidegrees() throws Exception {
        zone(0, "cpu-thermal", "48312");
        assertEquals(48.3, SystemFacts.at(root).cpuTemperatureC());
    }

    /**
     * sysfs reports the page size as every attribute's size: 16 KiB on a Raspberry Pi 5's default kernel. The fake
     * pads the value line with NULs (a sparse file) to that size; the temperature must still be read.
     */
    @Test
    void readsTheTemperatureFromAttributeFilesReportingA16KibPageAsTheirSize() throws Exception {
        zone(0, "cpu-thermal", "48750");
        Path z = root.resolve("sys/class/thermal/thermal_zone0");
        for (String name : new String[] {"type", "temp"}) {
            try (RandomAccessFile f = new RandomAccessFile(z.resolve(name).toFile(), "rw")) {
                f.setLength(16384);
            }
            assertEquals(16384, Files.size(z.resolve(name)), name);
        }
        assertEquals(48.8, SystemFacts.at(root).cpuTemperatureC());
    }

    @Test
    void prefersTheCpuZoneOverOthersListedFirst() throws Exception {
        zone(0, "acpitz", "27800");
        zone(1, "iwlwifi_1", "39000");
        zone(2, "x86_pkg_temp", "61250");
        assertEquals(61.3, SystemFacts.at(root).cpuTemperatureC());
    }

    @Test
    void withoutACpuZoneTheLowestNumberedReadableZoneCounts() throws Exception {
        zone(10, "acpitz", "30000");
        zone(2, "acpitz", "not a number");
        zone(3, "pch_cannonlake", "45000");
        assertEquals(45.0, SystemFacts.at(root).cpuTemperatureC(), "zone 2 is unreadable, zone 3 comes before zone 10");
    }

    @Test
    void absurdReadingsAreABrokenSensorNotATemperature() throws Exception {
        zone(0, "cpu-thermal", "-273000");
        zone(1, "soc_thermal", "999999");
        assertNull(SystemFacts.at(root).cpuTemperatureC());
    }

    @Test
    void noThermalZonesMeansNull() throws Exception {
        assertNull(SystemFacts.at(root).cpuTemperatureC());
        Files.createDirectories(root.resolve("sys/class/thermal/cooling_device0"));
        assertNull(SystemFacts.at(root).cpuTemperatureC());
    }

    @Test
    void freeDiskOfAnExistingFolderAndMinusOneForAMissingOne() {
        long free = SystemFacts.at(root).diskFreeBytes(root);
        assertTrue(free > 0, "free bytes of the temp folder: " + free);
        assertEquals(-1, SystemFacts.at(root).diskFreeBytes(root.resolve("missing/folder")));
    }
}
