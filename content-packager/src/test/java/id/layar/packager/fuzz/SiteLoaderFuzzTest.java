package id.layar.packager.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import id.layar.packager.site.SiteLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whatever staff type into a YAML file, validation ends in "valid" or a list of problems with positions:
 * never an exception (SnakeYAML has thrown NumberFormatException on {@code v: 11111111111111111111:2}).
 * {@code mvn test} replays the kept inputs; {@code JAZZER_FUZZ=1} fuzzes (bounded in .ci/run).
 */
class SiteLoaderFuzzTest {
    private static final String SITE_YAML = String.join("\n",
            "site: Fuzz",
            "channels:",
            "  simpang-lima:",
            "    name: Videotron",
            "    width: 64",
            "    height: 32",
            "    fps: 10",
            "    timezone: Asia/Jakarta",
            "");
    private static final Path SITE = site();

    private static Path site() {
        try {
            Path dir = Files.createTempDirectory("layar-fuzz-site");
            Files.createDirectories(dir.resolve("announcements"));
            Files.createDirectories(dir.resolve("media"));
            Files.writeString(dir.resolve("site.yaml"), SITE_YAML);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyAnnouncementFileEndsInAVerdict(byte[] yaml) throws IOException {
        Files.writeString(SITE.resolve("site.yaml"), SITE_YAML);
        Files.write(SITE.resolve("announcements/fuzz.yaml"), yaml);
        SiteLoader.load(SITE);
    }

    @FuzzTest(maxDuration = "60s")
    void anySiteFileEndsInAVerdict(byte[] yaml) throws IOException {
        Files.deleteIfExists(SITE.resolve("announcements/fuzz.yaml"));
        Files.write(SITE.resolve("site.yaml"), yaml);
        SiteLoader.load(SITE);
    }
}
