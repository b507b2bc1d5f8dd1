package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class HardwareConfigTest {

    /** The {@code hardware:} section of a YAML test resource, loaded the way SnakeYAML loads by default. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> section(String resource) throws IOException {
        try (InputStream in = HardwareConfigTest.class.getClassLoader().getResourceAsStream("hardware/" + resource)) {
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return (Map<String, Object>) doc.get("hardware");
        }
    }

    private static List<String> problemsOf(Map<String, Object> section) {
        ProblemSink.Collecting sink = ProblemSink.collecting();
        assertNull(HardwareConfig.fromMap(section, sink));
        return sink.problems();
    }

    private static void assertHas(List<String> problems, String key, String... fragments) {
        for (String p : problems) {
            if (p.startsWith(key + ":")) {
                for (String f : fragments) {
                    assertTrue(p.contains(f), "'" + p + "' should mention '" + f + "'");
                }
                return;
            }
        }
        throw new AssertionError("no problem for " + key + " in " + problems);
    }

    @Test
    void hdmiConfigReadsEverySection() throws IOException {
        ProblemSink.Collecting sink = ProblemSink.collecting();
        HardwareConfig c = HardwareConfig.fromMap(section("hardware-hdmi.yaml"), sink);
        assertTrue(sink.isEmpty(), sink.problems().toString());
        assertEquals(List.of(), sink.warnings());
        assertEquals(HardwareConfig.Output.FRAMEBUFFER, c.output());
        assertEquals(new HardwareConfig.Framebuffer("/dev/fb0", java.nio.file.Path.of("/"), 192, 156, Rotation.R0), c.framebuffer());
        assertNull(c.spi());
        assertEquals(17, c.power().relayPin());
        assertTrue(c.power().activeLow());
        assertEquals(List.of(PowerSchedule.Window.parse("23:00-05:00")), c.power().off());
        assertEquals(ZoneId.of("Asia/Makassar"), c.power().zone());
        assertTrue(c.light().sensor());
        assertEquals(0x23, c.light().address(), "0x23 arrives as the integer 35 from YAML");
        assertEquals(0.15, c.light().curve().min(), 1e-12);
        assertEquals(Duration.ofSeconds(20), c.light().curve().smoothing());
        assertEquals(LocalTime.of(18, 30), c.light().fallback().dayTo());
        assertEquals(0.3, c.light().fallback().nightLevel(), 1e-12);
        assertEquals(1.0, c.light().fallback().dayLevel(), 1e-12, "day level defaults to max");
        assertEquals(27, c.led().pin());
    }

    @Test
    void spiConfigTakesTheMatrixSizeFromThePanel() throws IOException {
        ProblemSink.Collecting sink = ProblemSink.collecting();
        HardwareConfig c = HardwareConfig.fromMap(section("hardware-spi.yaml"), sink);
        assertTrue(sink.isEmpty(), sink.problems().toString());
        assertEquals(HardwareConfig.Output.SPI, c.output());
        assertEquals(new MatrixLayout(16, 16, MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Corner.BOTTOM_LEFT), c.spi().matrix(16, 16));
        assertEquals(new SpiMatrixPanel.Settings(0, 0, 2_000_000), c.spi().settings());
        c.checkPanel(16, 16, sink);
        assertTrue(sink.isEmpty());
        HardwareConfig sized = new HardwareConfig(c.output(), null, new HardwareConfig.Spi(0, 0, 2_000_000,
                MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Corner.TOP_LEFT, 32, 8), null, null, null);
        sized.checkPanel(16, 16, sink);
        assertHas(sink.problems(), "hardware.spi.width", "32x8", "16x16");
    }

    @Test
    void everyProblemIsReportedAtOnceWithKeyRangeAndFix() throws IOException {
        List<String> problems = problemsOf(section("hardware-broken.yaml"));
        assertHas(problems, "hardware.framebuffer.device", "/dev/video0", "ls /dev/fb*");
        assertHas(problems, "hardware.framebuffer.window.x", "from 0 to 7680", "'-5'", "capture window");
        assertHas(problems, "hardware.framebuffer.rotation", "0, 90, 180 or 270");
        assertHas(problems, "hardware.power.relay-pin", "GPIO2 (pin 3)", "the light sensor", "choose a free GPIO such as GPIO5 (pin 29)");
        assertHas(problems, "hardware.power.active-low", "true or false", "'maybe'");
        assertHas(problems, "hardware.power.off-hours", "the number 1380", "quote the window");
        assertHas(problems, "hardware.power.zone", "Asia/Makassar (WITA)", "'Asia/Surabaya'");
        assertHas(problems, "hardware.light.address", "0x23", "0x5C", "0x40", "i2cdetect -y 1");
        assertHas(problems, "hardware.light.max", "at least min (0.8)");
        assertHas(problems, "hardware.light.smothing", "unknown key", "did you mean 'smoothing'");
        assertHas(problems, "hardware.led.pin", "not a header pin number", "header pin 40 is GPIO21, so write 21");
        assertEquals(11, problems.size(), String.join("\n", problems));
    }

    @Test
    void pinsClaimedByTheMatrixBusAreRefusedAndSharedPinsToo() {
        Map<String, Object> m = Map.of(
                "output", "spi",
                "spi", Map.of("layout", "zigzag"),
                "power", Map.of("relay-pin", 10),
                "led", Map.of("pin", "0x0A"));
        List<String> problems = problemsOf(m);
        assertHas(problems, "hardware.power.relay-pin", "GPIO10 (pin 19) is taken by the LED matrix on SPI0");
        assertHas(problems, "hardware.led.pin", "GPIO10 (pin 19) is taken by");
    }

    @Test
    void pinsOnOtherFunctionsAreWarnedAboutNotRefused() {
        ProblemSink.Collecting sink = ProblemSink.collecting();
        HardwareConfig c = HardwareConfig.fromMap(Map.of("power", Map.of("relay-pin", 14), "led", Map.of("pin", 2)), sink);
        assertNotNull(c, sink.problems().toString());
        assertEquals(2, sink.warnings().size(), sink.warnings().toString());
        assertTrue(sink.warnings().get(0).contains("UART TX"), sink.warnings().get(0));
        assertTrue(sink.warnings().get(1).contains("I2C1 SDA") && sink.warnings().get(1).contains("switched off"), sink.warnings().get(1));
    }

    @Test
    void aKeyYamlTurnsIntoABooleanIsExplained() {
        java.util.Map<Object, Object> power = new java.util.HashMap<>();
        power.put("relay-pin", 17);
        power.put(Boolean.FALSE, List.of("23:00-05:00")); // what "off:" becomes under YAML 1.1
        @SuppressWarnings("unchecked")
        Map<String, Object> m = Map.of("power", (Map<String, Object>) (Map<?, ?>) power);
        assertHas(problemsOf(m), "hardware.power.false", "reads the keys on, off, yes and no", "off-hours");
    }

    @Test
    void reservedHatPinsAreRefused() {
        assertHas(problemsOf(Map.of("led", Map.of("pin", 0))), "hardware.led.pin", "reserved for the HAT ID EEPROM");
    }

    @Test
    void spiOutputNeedsItsLayout() {
        assertHas(problemsOf(Map.of("output", "spi")), "hardware.spi", "layout", "serpentine", "start");
        assertHas(problemsOf(Map.of("output", "spi", "spi", Map.of("start", "top-left"))), "hardware.spi.layout",
                "row-major, serpentine, column-major, zigzag", "found nothing");
    }

    @Test
    void valuesWrittenAsStringsAreReadToo() {
        // The agent's own YAML resolver leaves numbers and booleans as text.
        ProblemSink.Collecting sink = ProblemSink.collecting();
        HardwareConfig c = HardwareConfig.fromMap(Map.of(
                "output", "framebuffer",
                "framebuffer", Map.of("window", Map.of("x", "192", "y", "156"), "rotation", "270"),
                "light", Map.of("sensor", "none", "min", "0.2", "smoothing", "1m"),
                "power", Map.of("relay-pin", "17", "active-low", "false", "off-hours", List.of("22:00-24:00", "00:00-04:30"))), sink);
        assertTrue(sink.isEmpty(), sink.problems().toString());
        assertEquals(Rotation.R270, c.framebuffer().rotation());
        assertEquals(156, c.framebuffer().windowY());
        assertFalse(c.light().sensor());
        assertEquals(Duration.ofMinutes(1), c.light().curve().smoothing());
        assertFalse(c.power().activeLow());
        assertEquals(2, c.power().off().size());
    }

    @Test
    void noSectionMeansTheVirtualPanelAndNothingElse() {
        assertSame(HardwareConfig.NONE, HardwareConfig.fromMap(null, ProblemSink.collecting()));
        ProblemSink.Collecting sink = ProblemSink.collecting();
        assertEquals(HardwareConfig.NONE, HardwareConfig.fromMap(Map.of(), sink));
        assertHas(problemsOf(Map.of("output", "hdmi")), "hardware.output", "virtual, framebuffer", "'hdmi'");
    }
}
