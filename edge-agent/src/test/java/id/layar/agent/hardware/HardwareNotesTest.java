package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The technicians' docs name the same pins, keys and LED patterns as the code, so they cannot drift apart. */
class HardwareNotesTest {
    /** hardware-notes/ beside the module (Surefire runs in the module's folder). */
    static Path notes() {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../hardware-notes").normalize();
        assertTrue(Files.isDirectory(p), "expected the hardware notes at " + p);
        return p;
    }

    @Test
    void wiringTableListsEveryHeaderGpioWithItsPinAndConflicts() throws IOException {
        List<String> lines = Files.readAllLines(notes().resolve("wiring.md"));
        for (Pins.Pin pin : Pins.all()) {
            String prefix = "| GPIO" + pin.bcm() + " | " + pin.physical() + " |";
            String row = lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("wiring.md has no row starting '" + prefix + "'"));
            if (pin.uses().isEmpty()) {
                assertTrue(row.contains("free"), row);
            }
            for (Pins.Use u : pin.uses()) {
                assertTrue(row.contains(u.function()), "'" + row + "' should name " + u.function());
            }
        }
    }

    @Test
    void wiringDocNamesEveryConfigKey() throws IOException {
        String doc = Files.readString(notes().resolve("wiring.md"));
        for (String key : HardwareConfig.keys()) {
            assertTrue(doc.contains("`" + key + "`"), "wiring.md should list `" + key + "`");
        }
    }

    @Test
    void troubleshootingListsEveryStatusLedPattern() throws IOException {
        String doc = Files.readString(notes().resolve("troubleshooting.md"));
        for (StatusLed.Pattern p : StatusLed.Pattern.values()) {
            assertTrue(doc.contains("| `" + p.wireName() + "` |"), "troubleshooting.md should have a row for " + p.wireName());
        }
    }

    @Test
    void everyNoteStartsWithAnIndonesianSummary() throws IOException {
        try (Stream<Path> files = Files.list(notes())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                List<String> lines = Files.readAllLines(f);
                boolean early = lines.stream().limit(5).anyMatch(l -> l.equals("## Ringkasan (Bahasa Indonesia)"));
                assertTrue(early, f.getFileName() + " should open with '## Ringkasan (Bahasa Indonesia)'");
            }
        }
    }
}
