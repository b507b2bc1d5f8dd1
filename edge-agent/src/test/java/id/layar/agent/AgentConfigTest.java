package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Files.writeString(dir.resolve("root.json"), "{}");
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private List<String> problems(String yaml) throws Exception {
        Path f = write(yaml);
        return assertThrows(AgentConfig.InvalidConfigException.class, () -> AgentConfig.load(f)).problems();
    }

    private static void assertHas(List<String> problems, String expected) {
        assertTrue(problems.contains(expected), "expected the problem\n  " + expected + "\namong\n  " + String.join("\n  ", problems));
    }

    @Test
    void loadsAValidFileAndResolvesRelativePathsAgainstItsFolder() throws Exception {
        AgentConfig c = AgentConfig.load(write("""
                device: simpang-lima-01
                channel: simpang-lima
                origin: http://127.0.0.1:8080/bundle
                root: root.json
                state: state
                poll: 2m
                panel:
                  width: 768
                  height: 384
                api:
                  port: 0
                """));
        assertEquals("simpang-lima-01", c.device());
        assertEquals(URI.create("http://127.0.0.1:8080/bundle/"), c.origin(), "the base URL always ends in /");
        assertEquals(URI.create("http://127.0.0.1:8080/bundle/channels/simpang-lima/playlist.json"), c.playlistUrl());
        assertEquals(dir.resolve("root.json").toAbsolutePath(), c.root());
        assertEquals(dir.resolve("state").toAbsolutePath(), c.state());
        assertEquals(Duration.ofMinutes(2), c.poll());
        assertEquals(768, c.width());
        assertEquals(30, c.fps(), "fps defaults to 30");
        assertEquals("virtual", c.output());
        assertEquals("127.0.0.1", c.apiHost());
        assertEquals(0, c.apiPort());
    }

    @Test
    void theShippedExampleLoads() throws Exception {
        Files.writeString(dir.resolve("root.json"), "{}");
        Path f = dir.resolve("agent.yaml");
        Files.copy(Path.of("agent.example.yaml"), f);
        AgentConfig c = AgentConfig.load(f);
        assertEquals("simpang-lima-01", c.device());
        assertEquals(Path.of("/var/lib/layar"), c.state());
        assertEquals(Duration.ofSeconds(30), c.poll());
        assertEquals(768, c.width());
        assertEquals(8081, c.apiPort());
    }

    @Test
    void reportsEveryMistakeWithFileLineAndKey() throws Exception {
        List<String> p = problems("""
                device: Simpang_Lima
                channel: simpang-lima
                origin: ftp://example.org/
                root: missing-root.json
                state: /var/lib/layar
                pol: 30s
                poll: 2 days
                panel:
                  width: 768
                  height: 5000
                  fps: 90
                  output: hdmi
                api:
                  host: 127.0.0.1
                  port: eighty
                  port: 8081
                """);
        assertHas(p, "agent.yaml:7: poll: expected a duration from 5s to 1h (like 30s or 2m), found '2 days'");
        assertHas(p, "agent.yaml:1: device: expected a device id: lower-case letters, digits and '-' (1-40 characters,"
                + " starting with a letter or digit), found 'Simpang_Lima'");
        assertHas(p, "agent.yaml:3: origin: expected the http or https base URL of the bundle (like"
                + " https://cdn.example.go.id/layar/), found 'ftp://example.org/': the scheme must be http or https");
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:4: root: ") && s.contains("no such file")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:6: pol: unknown key") && s.contains("did you mean 'poll'")), p::toString);
        assertHas(p, "agent.yaml:10: panel.height: expected a whole number from 16 to 4320, found '5000'");
        assertHas(p, "agent.yaml:11: panel.fps: expected a whole number from 1 to 60, found '90'");
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:12: panel.output: expected virtual (no wall")), p::toString);
        assertHas(p, "agent.yaml:15: api.port: expected a whole number from 0 to 65535, found 'eighty'");
        assertHas(p, "agent.yaml:16: api.port: appears twice (first on line 15); keep one");
        assertEquals(10, p.size(), () -> String.join("\n", p));
    }

    @Test
    void missingKeysAreNamed() throws Exception {
        List<String> p = problems("device: a\n");
        assertHas(p, "agent.yaml: channel: expected a channel name: lower-case letters, digits and '-' (1-40 characters,"
                + " starting with a letter or digit), found nothing (the key is missing)");
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml: panel.width: ")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml: origin: ")), p::toString);
    }

    @Test
    void sexagesimalAndYamlBooleansStayText() throws Exception {
        // YAML 1.1 would read 10:30 as 630 and 'no' as false; here they stay what was written.
        List<String> p = problems("""
                device: no
                channel: on
                origin: http://127.0.0.1/
                root: root.json
                state: st
                poll: 10:30
                panel: {width: 64, height: 32, fps: 1_0}
                """);
        assertHas(p, "agent.yaml:6: poll: expected a duration from 5s to 1h (like 30s or 2m), found '10:30'");
        assertHas(p, "agent.yaml:7: panel.fps: expected a whole number from 1 to 60, found '1_0'");
        assertEquals(2, p.size(), () -> String.join("\n", p));
        AgentConfig c = AgentConfig.load(write("""
                device: no
                channel: on
                origin: http://127.0.0.1/
                root: root.json
                state: st
                poll: 90
                panel: {width: 64, height: 32}
                """));
        assertEquals("no", c.device());
        assertEquals("on", c.channel());
        assertEquals(Duration.ofSeconds(90), c.poll(), "plain numbers are seconds");
    }

    @Test
    void hugeNumbersAreReportedNotThrown() throws Exception {
        List<String> p = problems("""
                device: a
                channel: b
                origin: http://127.0.0.1/
                root: root.json
                state: st
                poll: 11111111111111111111:2
                panel: {width: 99999999999999999999, height: 32}
                """);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:6: poll: ")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:7: panel.width: ")), p::toString);
    }

    @Test
    void brokenYamlNamesTheLine() throws Exception {
        List<String> p = problems("device: a\nchannel: [unclosed\n");
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith("agent.yaml:3: not valid YAML") || p.get(0).startsWith("agent.yaml:2: not valid YAML"), p::toString);
    }

    @Test
    void aliasBombIsRefused() throws Exception {
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char prev = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev).append(", *")
                    .append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
        }
        List<String> p = problems(y.toString());
        assertTrue(p.get(0).contains("not valid YAML") || p.stream().anyMatch(s -> s.contains("unknown key")), p::toString);
    }

    @Test
    void emptyFileSaysWhatIsExpected() throws Exception {
        List<String> p = problems("");
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith("agent.yaml: the file is empty"), p::toString);
    }

    @Test
    void recordConstructorValidatesForTests() {
        Path p = Path.of("x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AgentConfig("Bad Id", "c",
                URI.create("http://h/"), p, p, Duration.ofSeconds(30), 64, 32, 30, "virtual", "127.0.0.1", 0));
        assertTrue(e.getMessage().contains("device"), e.getMessage());
    }

    @Test
    void hardeningKeysDefaultSensibly() throws Exception {
        AgentConfig c = AgentConfig.load(write("""
                device: a
                channel: b
                origin: http://127.0.0.1/
                root: root.json
                state: st
                panel: {width: 64, height: 32}
                """));
        assertEquals(AgentConfig.ExpiredPolicy.KEEP_PLAYING, c.expired(), "a dark wall helps nobody");
        assertEquals(0, c.quota(), "0: " + AgentConfig.AUTO_QUOTA_PERCENT + "% of the state folder's disk");
        assertEquals(AgentConfig.Download.DEFAULT, c.download());
        assertEquals(2, c.download().parallel());
        assertEquals(4096, c.download().minBytes());
        assertEquals(Duration.ofSeconds(20), c.download().window());
        assertEquals(Duration.ofSeconds(60), c.download().grace());
        assertEquals(Duration.ofSeconds(5), c.download().retry());
    }

    @Test
    void hardeningKeysLoad() throws Exception {
        AgentConfig c = AgentConfig.load(write("""
                device: a
                channel: b
                origin: http://127.0.0.1/
                root: root.json
                state: st
                panel: {width: 64, height: 32}
                expired: blank
                quota: 2GiB
                download:
                  parallel: 3
                  min-bytes: 8KiB
                  window: 30s
                  grace: 2m
                  retry: 10s
                """));
        assertEquals(AgentConfig.ExpiredPolicy.BLANK, c.expired());
        assertEquals(2L << 30, c.quota());
        assertEquals(new AgentConfig.Download(3, 8192, Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(10)), c.download());
    }

    @Test
    void badHardeningKeysAreReportedWithLineAndKey() throws Exception {
        List<String> p = problems("""
                device: a
                channel: b
                origin: http://127.0.0.1/
                root: root.json
                state: st
                panel: {width: 64, height: 32}
                expired: dark
                quota: lots
                download:
                  parallel: 20
                  min-bytes: 0
                  window: 0s
                  speed: 1
                """);
        assertHas(p, "agent.yaml:7: expired: expected keep-playing (show the expired content and raise an alarm) or blank"
                + " (show black), found 'dark'");
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:8: quota: expected a size from 1MiB to 16TiB")), p::toString);
        assertHas(p, "agent.yaml:10: download.parallel: expected a whole number from 1 to 8, found '20'");
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:11: download.min-bytes: ")), p::toString);
        assertHas(p, "agent.yaml:12: download.window: expected a duration from 1s to 10m (like 20s or 2m), found '0s'");
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:13: download.speed: unknown key")), p::toString);
        assertEquals(6, p.size(), () -> String.join("\n", p));
    }

    @Test
    void sizesAndDurationsReadLikePeopleWriteThem() {
        assertEquals(4096L, AgentConfig.parseSize("4KiB"));
        assertEquals(4096L, AgentConfig.parseSize("4 kib"));
        assertEquals(500L << 20, AgentConfig.parseSize("500MiB"));
        assertEquals(2_000_000_000L, AgentConfig.parseSize("2GB"));
        assertEquals(123L, AgentConfig.parseSize("123"));
        assertEquals(null, AgentConfig.parseSize("2 GiB please"));
        assertEquals(null, AgentConfig.parseSize("9999999999999TiB"));
        assertEquals(Duration.ofMillis(250), AgentConfig.parseDuration("250ms"));
        assertEquals("1.5 MiB", AgentConfig.formatSize(3L << 19));
        assertEquals("523 bytes", AgentConfig.formatSize(523));
    }

    @Test
    void hardwareSectionIsReadAndItsMistakesNameTheLineOfTheKey() throws Exception {
        AgentConfig ok = AgentConfig.load(write("""
                device: a
                channel: b
                origin: http://127.0.0.1/
                root: root.json
                state: st
                panel: {width: 64, height: 32, output: framebuffer}
                hardware:
                  framebuffer:
                    device: /dev/fb1
                    window: {x: 192, y: 156}
                  power:
                    relay-pin: 17
                    off-hours: ["23:00-05:00"]
                """));
        assertEquals("framebuffer", ok.output());
        assertEquals(192, ok.hardware().framebuffer().windowX());
        assertEquals("/dev/fb1", ok.hardware().framebuffer().device());
        assertEquals(17, ok.hardware().power().relayPin());

        List<String> p = problems("""
                device: a
                channel: b
                origin: http://127.0.0.1/
                root: root.json
                state: st
                panel: {width: 64, height: 32, output: framebuffer}
                hardware:
                  framebuffer:
                    window:
                      x: far
                  power:
                    relay-pin: 33
                """);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:10: hardware.framebuffer.window.x: ")), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:12: hardware.power.relay-pin: ")
                && s.contains("header pin 33 is GPIO13")), p::toString);
    }

    @Test
    void hardwareOutputMustAgreeWithPanelOutput() throws Exception {
        List<String> p = problems("""
                device: a
                channel: b
                origin: http://127.0.0.1/
                root: root.json
                state: st
                panel: {width: 64, height: 32, output: virtual}
                hardware:
                  output: spi
                """);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:8: hardware.output: is 'spi' but panel.output is 'virtual'")),
                p::toString);
    }

    @Test
    void technicianApiOpenToTheNetworkNeedsALongToken() throws Exception {
        String base = """
                device: a
                channel: b
                origin: http://127.0.0.1/
                root: root.json
                state: st
                panel: {width: 64, height: 32}
                """;
        List<String> p = problems(base + "api: {host: 0.0.0.0}\n");
        assertTrue(p.stream().anyMatch(s -> s.contains("api.token: needed when api.host (0.0.0.0)")), p::toString);
        p = problems(base + "api: {host: 0.0.0.0, token: short}\n");
        assertTrue(p.stream().anyMatch(s -> s.contains("api.token: expected at least 16 characters")), p::toString);
        AgentConfig c = AgentConfig.load(write(base + "api: {host: 0.0.0.0, token: 0123456789abcdef0123}\n"));
        assertEquals("0123456789abcdef0123", c.apiToken());
        assertEquals(null, AgentConfig.load(write(base)).apiToken(), "loopback only: a token is optional");
    }

    @Test
    void aBrokerUserOtherThanTheDeviceIdIsRefusedBecauseTheBrokerWouldDropItsPlaysUnseen() throws Exception {
        String base = """
                device: simpang-lima-01
                channel: simpang-lima
                origin: http://127.0.0.1/
                root: root.json
                state: st
                panel: {width: 64, height: 32}
                mqtt:
                  url: mqtt://127.0.0.1:1883
                """;
        List<String> p = problems(base + "  username: balai-kota-01\n");
        assertTrue(p.stream().anyMatch(s -> s.startsWith("agent.yaml:9: mqtt.username: expected the device id"
                + " 'simpang-lima-01'") && s.contains("found 'balai-kota-01'")), p::toString);
        assertEquals("simpang-lima-01", AgentConfig.load(write(base + "  username: simpang-lima-01\n")).mqtt()
                .usernameFor("simpang-lima-01"), "the device id itself is fine");
        assertEquals("simpang-lima-01", AgentConfig.load(write(base)).mqtt().usernameFor("simpang-lima-01"),
                "no key: the device id");
    }
}
