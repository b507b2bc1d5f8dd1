package id.layar.agent.hardware;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code hardware:} section of the agent's config: which output lights the wall, and the optional power relay,
 * light sensor and status LED. {@link #fromMap} reads the section as SnakeYAML loads it and reports every problem at
 * once, each naming the key, what is allowed, what was found and the fix; pins are checked against each other and
 * against the buses this config uses ({@link Pins}).
 *
 * <pre>
 * hardware:
 *   output: framebuffer          # virtual | framebuffer | spi
 *   framebuffer:
 *     device: /dev/fb0
 *     window: {x: 192, y: 156}   # the sender card's capture window, top-left corner in the HDMI picture
 *     rotation: 0                # 0 | 90 | 180 | 270, clockwise
 *   spi:                         # APA102/SK9822 matrix on SPI0
 *     bus: 0
 *     chip-select: 0
 *     speed-hz: 4000000
 *     layout: serpentine         # row-major | serpentine | column-major | zigzag
 *     start: top-left            # corner of the first LED, seen from the front
 *     width: 16                  # optional; must equal panel.width
 *     height: 16
 *   power:
 *     relay-pin: 17              # BCM GPIO number, not the header pin
 *     active-low: true           # the pin goes low to switch the panel on
 *     off-hours: ["23:00-05:00"] # windows the panel is off, local time; quote them
 *     zone: Asia/Jakarta         # until a playlist gives the channel's zone
 *   light:
 *     sensor: bh1750             # bh1750 | none (schedule only)
 *     bus: 1
 *     address: 0x23              # 0x23 (ADDR low) | 0x5C (ADDR high)
 *     min: 0.1                   # level in the dark, 0..1
 *     max: 1.0                   # level in daylight
 *     dark-lux: 10
 *     bright-lux: 20000
 *     smoothing: 30s
 *     day: "06:00-18:00"         # fallback when the sensor fails
 *     day-level: 1.0
 *     night-level: 0.4
 *   led:
 *     pin: 27
 * </pre>
 *
 * @param output      which output lights the wall
 * @param framebuffer the framebuffer settings when {@code output} is framebuffer, else null
 * @param spi         the SPI matrix settings when {@code output} is spi, else null
 * @param power       the power relay and schedule, or null
 * @param light       brightness control, or null (always full)
 * @param led         the status LED, or null
 */
public record HardwareConfig(Output output, Framebuffer framebuffer, Spi spi, Power power, Light light, Led led) {
    public static final String PREFIX = "hardware";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Jakarta");

    /** Nothing but the virtual panel: the demo and tests. */
    /**
     * The SPI wiring written when nobody has said (provisioning, and a config that names spi without a layout):
     * serpentine from the top-left, the commonest; the technician checks it with the grid test pattern.
     */
    public static final String GUESSED_SPI_LAYOUT = "serpentine";
    public static final String GUESSED_SPI_START = "top-left";

    public static final HardwareConfig NONE = new HardwareConfig(Output.VIRTUAL, null, null, null, null, null);

    public enum Output {
        VIRTUAL("virtual"), FRAMEBUFFER("framebuffer"), SPI("spi");

        private final String wireName;

        Output(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The output named {@code s} ({@code virtual}, {@code framebuffer}, {@code spi}), or null. */
        public static Output parse(String s) {
            for (Output o : values()) {
                if (o.wireName.equals(s)) {
                    return o;
                }
            }
            return null;
        }
    }

    /** HDMI through the Linux framebuffer into the sender card; see {@link FramebufferPanel}. */
    public record Framebuffer(String device, Path root, int windowX, int windowY, Rotation rotation) {
        public FramebufferPanel.Settings settings() {
            return new FramebufferPanel.Settings(root, device, windowX, windowY, rotation, FramebufferPanel.Access.AUTO);
        }
    }

    /**
     * An APA102/SK9822 matrix; see {@link SpiMatrixPanel}.
     *
     * @param width  LEDs across, or 0 for the panel's width
     * @param height LEDs down, or 0 for the panel's height
     */
    public record Spi(int bus, int chipSelect, int speedHz, MatrixLayout.Wiring layout, MatrixLayout.Corner start,
                      int width, int height) {
        public SpiMatrixPanel.Settings settings() {
            return new SpiMatrixPanel.Settings(bus, chipSelect, speedHz);
        }

        public MatrixLayout matrix(int panelWidth, int panelHeight) {
            return new MatrixLayout(width == 0 ? panelWidth : width, height == 0 ? panelHeight : height, layout, start);
        }
    }

    /** The panel's power relay and when it is off; see {@link PanelPower}. */
    public record Power(int relayPin, boolean activeLow, List<PowerSchedule.Window> off, ZoneId zone) {
        public Power {
            off = List.copyOf(off);
        }

        public PowerSchedule schedule() {
            return new PowerSchedule(off, zone);
        }
    }

    /**
     * Brightness control; see {@link BrightnessControl}.
     *
     * @param sensor   whether a BH1750 is fitted
     * @param interval how often to read it
     */
    public record Light(boolean sensor, int bus, int address, BrightnessCurve curve, BrightnessSchedule fallback,
                        Duration interval) {
    }

    /** The status LED; see {@link StatusLed}. */
    public record Led(int pin) {
    }

    /**
     * Checks the config against the panel size from {@code panel.width/height}: an SPI matrix must be that size.
     */
    public void checkPanel(int panelWidth, int panelHeight, ProblemSink sink) {
        if (spi != null && output == Output.SPI) {
            int w = spi.width() == 0 ? panelWidth : spi.width();
            int h = spi.height() == 0 ? panelHeight : spi.height();
            if (w != panelWidth || h != panelHeight) {
                sink.problem(PREFIX + ".spi.width", "the LED matrix is " + w + "x" + h + " but panel.width/height say "
                        + panelWidth + "x" + panelHeight + "; make them agree (or leave spi.width/height out)");
            }
            if ((long) w * h > MatrixLayout.MAX_LEDS) {
                sink.problem(PREFIX + ".spi", "a " + w + "x" + h + " matrix has " + (long) w * h + " LEDs; one SPI chain"
                        + " drives at most " + MatrixLayout.MAX_LEDS + "; use HDMI and a sender card for larger walls");
            }
        }
    }

    /** Reads the {@code hardware:} section with keys reported as {@code hardware.<key>}. */
    public static HardwareConfig fromMap(Map<String, ?> section, ProblemSink sink) {
        return fromMap(section, PREFIX, sink);
    }

    /**
     * Reads a {@code hardware:} section as SnakeYAML loads it (maps, lists, strings, numbers, booleans; a null or
     * missing section means {@link #NONE}).
     *
     * @param prefix how keys are named in problems, like {@code hardware}
     * @return the config, or null when any problem was reported to {@code sink}
     */
    public static HardwareConfig fromMap(Map<String, ?> section, String prefix, ProblemSink sink) {
        if (section == null) {
            return NONE;
        }
        Reader r = new Reader(prefix, sink);
        HardwareConfig c = r.read(section);
        return r.failed ? null : c;
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,7})\\s*(ms|s|m|h)?");

    /** The keys of each section ("" is the top of {@code hardware:}), in the order the docs list them. */
    static final Map<String, List<String>> SECTIONS = sections();

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("", List.of("output", "framebuffer", "spi", "power", "light", "led"));
        m.put("framebuffer", List.of("device", "window", "rotation", "root"));
        m.put("framebuffer.window", List.of("x", "y"));
        m.put("spi", List.of("bus", "chip-select", "speed-hz", "layout", "start", "width", "height"));
        m.put("power", List.of("relay-pin", "active-low", "off-hours", "zone"));
        m.put("light", List.of("sensor", "bus", "address", "min", "max", "dark-lux", "bright-lux", "smoothing", "interval",
                "day", "day-level", "night-level"));
        m.put("led", List.of("pin"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Every leaf key, fully named ({@code hardware.power.relay-pin}), except {@code framebuffer.root}, which only
     * tests set.
     */
    public static List<String> keys() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : SECTIONS.entrySet()) {
            for (String k : e.getValue()) {
                String full = e.getKey().isEmpty() ? k : e.getKey() + "." + k;
                if (!SECTIONS.containsKey(full) && !full.equals("framebuffer.root")) {
                    out.add(PREFIX + "." + full);
                }
            }
        }
        return out;
    }

    /** Walks the section; every problem goes to the sink, and reading goes on with a default. */
    private static final class Reader {
        private final String prefix;
        private final ProblemSink sink;
        boolean failed;

        Reader(String prefix, ProblemSink sink) {
            this.prefix = prefix;
            this.sink = sink;
        }

        private void problem(String key, String text) {
            failed = true;
            sink.problem(key, text);
        }

        HardwareConfig read(Map<String, ?> top) {
            Map<String, ?> m = known(top, prefix, SECTIONS.get(""));
            String outText = string(m, prefix, "output", "virtual");
            Output output = Output.parse(outText);
            if (output == null) {
                problem(prefix + ".output", "expected virtual, framebuffer (HDMI into a sender card) or spi (an"
                        + " APA102/SK9822 matrix); found '" + outText + "'");
                output = Output.VIRTUAL;
            }
            Framebuffer fb = null;
            Spi spi = null;
            if (output == Output.FRAMEBUFFER) {
                fb = framebuffer(section(m, prefix, "framebuffer"));
            } else if (m.get("framebuffer") != null) {
                sink.warning(prefix + ".framebuffer", "ignored: output is " + output.wireName());
            }
            if (output == Output.SPI) {
                if (m.get("spi") == null) {
                    problem(prefix + ".spi", "output is spi, so this section is needed: at least layout (" + MatrixLayout.Wiring.names()
                            + ") and start (" + MatrixLayout.Corner.names() + "), as the matrix is wired");
                } else {
                    spi = spi(section(m, prefix, "spi"));
                }
            } else if (m.get("spi") != null) {
                sink.warning(prefix + ".spi", "ignored: output is " + output.wireName());
            }
            Power power = m.get("power") == null ? null : power(section(m, prefix, "power"));
            Light light = m.get("light") == null ? null : light(section(m, prefix, "light"));
            Led led = m.get("led") == null ? null : led(section(m, prefix, "led"));
            HardwareConfig c = new HardwareConfig(output, fb, spi, power, light, led);
            checkPins(c);
            return c;
        }

        private Framebuffer framebuffer(Map<String, ?> s) {
            String k = prefix + ".framebuffer";
            Map<String, ?> m = known(s, k, SECTIONS.get("framebuffer"));
            String device = string(m, k, "device", FramebufferPanel.Settings.DEFAULT_DEVICE);
            if (!FramebufferPanel.DEVICE.matcher(device).matches()) {
                problem(k + ".device", "expected a framebuffer device like /dev/fb0; found '" + device + "'; list them with 'ls /dev/fb*'");
            }
            Path root = Path.of("/");
            String rootText = string(m, k, "root", null);
            if (rootText != null) {
                try {
                    root = Path.of(rootText);
                } catch (InvalidPathException e) {
                    problem(k + ".root", "expected a folder (only tests change it from /); found '" + rootText + "'");
                }
            }
            Map<String, ?> w = known(section(m, k, "window"), k + ".window", SECTIONS.get("framebuffer.window"));
            int x = integer(w, k + ".window", "x", 0, 7680, 0, "the left edge of the sender card's capture window in the HDMI picture");
            int y = integer(w, k + ".window", "y", 0, 4320, 0, "the top edge of the sender card's capture window in the HDMI picture");
            int deg = integer(m, k, "rotation", 0, 270, 0, "0, 90, 180 or 270 degrees clockwise");
            Rotation rot = Rotation.ofDegrees(deg);
            if (rot == null) {
                problem(k + ".rotation", "expected 0, 90, 180 or 270 (degrees clockwise); found " + deg);
                rot = Rotation.R0;
            }
            return new Framebuffer(device, root, x, y, rot);
        }

        private Spi spi(Map<String, ?> s) {
            String k = prefix + ".spi";
            Map<String, ?> m = known(s, k, SECTIONS.get("spi"));
            int bus = integer(m, k, "bus", 0, 1, 0, "0 (SPI0: GPIO10 MOSI, GPIO11 SCLK) or 1 (SPI1, needs an overlay)");
            int cs = integer(m, k, "chip-select", 0, bus == 0 ? 1 : 2, 0, "the chip-select of /dev/spidev<bus>.<chip-select>");
            int speed = integer(m, k, "speed-hz", SpiMatrixPanel.Settings.MIN_SPEED_HZ, SpiMatrixPanel.Settings.MAX_SPEED_HZ,
                    SpiMatrixPanel.Settings.DEFAULT_SPEED_HZ, "the SPI clock in Hz; 4000000 suits wires under 1 m, lower it for longer ones");
            String layoutText = string(m, k, "layout", null);
            MatrixLayout.Wiring layout = layoutText == null ? null : MatrixLayout.Wiring.parse(layoutText);
            if (layout == null) {
                problem(k + ".layout", "expected how the LEDs are chained: " + MatrixLayout.Wiring.names() + " (see"
                        + " hardware-notes/wiring.md); found " + (layoutText == null ? "nothing" : "'" + layoutText + "'"));
                layout = MatrixLayout.Wiring.ROW_MAJOR;
            }
            String startText = string(m, k, "start", MatrixLayout.Corner.TOP_LEFT.wireName());
            MatrixLayout.Corner start = MatrixLayout.Corner.parse(startText);
            if (start == null) {
                problem(k + ".start", "expected the corner of the first LED seen from the front: " + MatrixLayout.Corner.names()
                        + "; found '" + startText + "'");
                start = MatrixLayout.Corner.TOP_LEFT;
            }
            int width = integer(m, k, "width", 1, MatrixLayout.MAX_LEDS, 0, "LEDs across; leave it out to use panel.width");
            int height = integer(m, k, "height", 1, MatrixLayout.MAX_LEDS, 0, "LEDs down; leave it out to use panel.height");
            return new Spi(bus, cs, speed, layout, start, width, height);
        }

        private Power power(Map<String, ?> s) {
            String k = prefix + ".power";
            Map<String, ?> m = known(s, k, SECTIONS.get("power"));
            int pin = gpio(m, k, "relay-pin", true);
            boolean activeLow = bool(m, k, "active-low", true);
            List<PowerSchedule.Window> off = windows(m, k, "off-hours");
            ZoneId zone = zone(m, k);
            return new Power(pin, activeLow, off, zone);
        }

        private Light light(Map<String, ?> s) {
            String k = prefix + ".light";
            Map<String, ?> m = known(s, k, SECTIONS.get("light"));
            String sensorText = string(m, k, "sensor", "bh1750");
            boolean sensor = sensorText.equals("bh1750");
            if (!sensor && !sensorText.equals("none")) {
                problem(k + ".sensor", "expected bh1750 or none (brightness by the day/night schedule only); found '" + sensorText + "'");
            }
            int bus = integer(m, k, "bus", 0, 22, 1, "the I2C bus; 1 is the header's GPIO2 (SDA) and GPIO3 (SCL)");
            int address = integer(m, k, "address", 0, 0x7F, Bh1750.ADDRESS_LOW, "0x23 (ADDR pin low or open) or 0x5C (ADDR high)");
            if (address != Bh1750.ADDRESS_LOW && address != Bh1750.ADDRESS_HIGH) {
                problem(k + ".address", "a BH1750 answers at 0x23 (ADDR pin low or open) or 0x5C (ADDR high); found 0x"
                        + Integer.toHexString(address) + "; 'i2cdetect -y " + bus + "' shows what is on the bus");
            }
            BrightnessCurve d = BrightnessCurve.DEFAULT;
            double min = number(m, k, "min", 0, 1, d.min());
            double max = number(m, k, "max", 0, 1, d.max());
            if (max < min) {
                problem(k + ".max", "must be at least min (" + min + "); found " + max);
                max = min;
            }
            double dark = number(m, k, "dark-lux", 0, 100_000, d.darkLux());
            double bright = number(m, k, "bright-lux", 1, 200_000, d.brightLux());
            if (bright <= dark) {
                problem(k + ".bright-lux", "must be more than dark-lux (" + dark + "); found " + bright);
                bright = dark + 1;
            }
            Duration smoothing = duration(m, k, "smoothing", Duration.ZERO, Duration.ofMinutes(30), d.smoothing());
            Duration interval = duration(m, k, "interval", Duration.ofMillis(200), Duration.ofMinutes(10), Duration.ofSeconds(1));
            BrightnessSchedule f = BrightnessSchedule.DEFAULT;
            List<PowerSchedule.Window> day = windows(m, k, "day");
            PowerSchedule.Window dayWindow = day.isEmpty() ? new PowerSchedule.Window(f.dayFrom(), f.dayTo()) : day.get(0);
            if (day.size() > 1) {
                problem(k + ".day", "expected one window like 06:00-18:00; found " + day.size());
            }
            double dayLevel = number(m, k, "day-level", 0, 1, max);
            double nightLevel = number(m, k, "night-level", 0, 1, Math.max(min, f.nightLevel()));
            return new Light(sensor, bus, address, new BrightnessCurve(min, max, dark, bright, smoothing),
                    new BrightnessSchedule(dayWindow.from(), dayWindow.to(), dayLevel, nightLevel), interval);
        }

        private Led led(Map<String, ?> s) {
            String k = prefix + ".led";
            Map<String, ?> m = known(s, k, SECTIONS.get("led"));
            return new Led(gpio(m, k, "pin", true));
        }

        // ---- pins ----

        private void checkPins(HardwareConfig c) {
            Map<Integer, String> claimed = new LinkedHashMap<>();
            if (c.light() != null && c.light().sensor()) {
                for (int p : Pins.i2cPins(c.light().bus())) {
                    claimed.put(p, "the light sensor on I2C bus " + c.light().bus() + " (" + prefix + ".light)");
                }
            }
            if (c.spi() != null) {
                for (int p : Pins.spiPins(c.spi().bus(), c.spi().chipSelect())) {
                    claimed.put(p, "the LED matrix on SPI" + c.spi().bus() + " (" + prefix + ".spi)");
                }
            }
            List<PinUse> pins = new ArrayList<>();
            if (c.power() != null && c.power().relayPin() >= 0) {
                pins.add(new PinUse(prefix + ".power.relay-pin", c.power().relayPin(), "the power relay"));
            }
            if (c.led() != null && c.led().pin() >= 0) {
                pins.add(new PinUse(prefix + ".led.pin", c.led().pin(), "the status LED"));
            }
            for (PinUse use : pins) {
                String key = use.key();
                int bcm = use.bcm();
                Pins.Pin pin = Pins.byBcm(bcm);
                if (pin == null) {
                    continue; // already reported as out of range
                }
                String free = "choose a free GPIO such as " + freeSuggestion(claimed, pins, bcm) + " (see hardware-notes/wiring.md)";
                if (claimed.containsKey(bcm)) {
                    problem(key, pin.label() + " is taken by " + claimed.get(bcm) + "; " + free);
                    continue;
                }
                claimed.put(bcm, use.what() + " (" + key + ")");
                for (Pins.Use u : pin.uses()) {
                    switch (u.clash()) {
                        case RESERVED -> problem(key, pin.label() + " is reserved for the " + u.function() + "; " + free);
                        case BUS -> sink.warning(key, pin.label() + " is " + u.function() + "; it only works as a plain"
                                + " output with that bus switched off in /boot/firmware/config.txt; " + free);
                        case OPTIONAL -> {
                            if (!Pins.FREE.contains(bcm)) {
                                sink.warning(key, pin.label() + " is also " + u.function() + "; make sure nothing on this"
                                        + " controller uses that, or " + free);
                            }
                        }
                    }
                }
            }
        }

        private record PinUse(String key, int bcm, String what) {
        }

        private static String freeSuggestion(Map<Integer, String> claimed, List<PinUse> pins, int not) {
            List<String> out = new ArrayList<>();
            for (int p : Pins.FREE) {
                boolean used = claimed.containsKey(p) || p == not;
                for (PinUse u : pins) {
                    used |= u.bcm() == p;
                }
                if (!used && out.size() < 4) {
                    out.add("GPIO" + p + " (pin " + Pins.byBcm(p).physical() + ")");
                }
            }
            return String.join(", ", out);
        }

        // ---- scalars ----

        @SuppressWarnings("unchecked")
        private Map<String, ?> section(Map<String, ?> m, String parent, String key) {
            Object v = m.get(key);
            if (v == null) {
                return Map.of();
            }
            if (v instanceof Map<?, ?> map) {
                return (Map<String, ?>) map;
            }
            problem(parent + "." + key, "expected a section of keys; found '" + v + "'");
            return Map.of();
        }

        /** The entries of {@code m}; unknown keys are problems. */
        private Map<String, ?> known(Map<String, ?> m, String where, List<String> keys) {
            for (Object k : m.keySet()) {
                if (k instanceof Boolean b) {
                    problem(where + "." + b, "YAML 1.1 reads the keys on, off, yes and no as " + b + "; this section has no"
                            + " such key: use one of " + String.join(", ", keys));
                    continue;
                }
                String key = String.valueOf(k);
                if (!keys.contains(key)) {
                    problem(where + "." + key, "unknown key; expected one of " + String.join(", ", keys) + suggestion(key, keys));
                }
            }
            return m;
        }

        private static String suggestion(String key, List<String> known) {
            String norm = key.toLowerCase(Locale.ROOT).replace('_', '-');
            String best = null;
            int bestDistance = 3;
            for (String k : known) {
                int d = distance(norm, k);
                if (d < bestDistance) {
                    best = k;
                    bestDistance = d;
                }
            }
            return best == null ? "" : " (did you mean '" + best + "'?)";
        }

        /** Edits (insert, delete, replace) from {@code a} to {@code b}. */
        private static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            int[] cur = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
                }
                int[] t = prev;
                prev = cur;
                cur = t;
            }
            return prev[b.length()];
        }

        private String string(Map<String, ?> m, String where, String key, String dflt) {
            Object v = m.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Map || v instanceof List) {
                problem(where + "." + key, "expected a single value; found a " + (v instanceof Map ? "section" : "list"));
                return dflt;
            }
            return String.valueOf(v).trim();
        }

        private int integer(Map<String, ?> m, String where, String key, int min, int max, int dflt, String meaning) {
            Object v = m.get(key);
            if (v == null) {
                return dflt;
            }
            Long n = null;
            if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                n = ((Number) v).longValue();
            } else if (v instanceof String s) {
                String t = s.trim().toLowerCase(Locale.ROOT);
                if (t.matches("[0-9]{1,10}")) {
                    n = Long.parseLong(t);
                } else if (t.matches("0x[0-9a-f]{1,8}")) {
                    n = Long.parseLong(t.substring(2), 16);
                }
            }
            if (n == null || n < min || n > max) {
                problem(where + "." + key, "expected a whole number from " + min + " to " + max + ": " + meaning + "; found '" + v + "'");
                return dflt;
            }
            return n.intValue();
        }

        /** A BCM GPIO number, with a hint when the value looks like a header pin number. */
        private int gpio(Map<String, ?> m, String where, String key, boolean required) {
            Object v = m.get(key);
            String full = where + "." + key;
            if (v == null) {
                if (required) {
                    problem(full, "expected the GPIO number (BCM, 2..27) the wire goes to; found nothing; "
                            + "GPIO17 (header pin 11) is a good choice");
                }
                return -1;
            }
            int n = integer(m, where, key, 0, 40, -1, "a GPIO number (BCM)");
            if (n < 0) {
                return -1;
            }
            if (n > 27) {
                String hint = "";
                for (Pins.Pin p : Pins.all()) {
                    if (p.physical() == n) {
                        hint = "; header pin " + n + " is GPIO" + p.bcm() + ", so write " + p.bcm();
                    }
                }
                problem(full, "expected a GPIO number (BCM) from 2 to 27, not a header pin number; found " + n + hint
                        + " (see hardware-notes/wiring.md)");
                return -1;
            }
            return n;
        }

        private boolean bool(Map<String, ?> m, String where, String key, boolean dflt) {
            Object v = m.get(key);
            if (v == null) {
                return dflt;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            if ("true".equals(String.valueOf(v).trim()) || "false".equals(String.valueOf(v).trim())) {
                return Boolean.parseBoolean(String.valueOf(v).trim());
            }
            problem(where + "." + key, "expected true or false; found '" + v + "'");
            return dflt;
        }

        private double number(Map<String, ?> m, String where, String key, double min, double max, double dflt) {
            Object v = m.get(key);
            if (v == null) {
                return dflt;
            }
            Double d = null;
            if (v instanceof Number n) {
                d = n.doubleValue();
            } else if (v instanceof String s && s.trim().matches("[0-9]{1,7}(\\.[0-9]{1,6})?")) {
                d = Double.parseDouble(s.trim());
            }
            if (d == null || !(d >= min && d <= max)) {
                problem(where + "." + key, "expected a number from " + fmt(min) + " to " + fmt(max) + "; found '" + v + "'");
                return dflt;
            }
            return d;
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
        }

        private Duration duration(Map<String, ?> m, String where, String key, Duration min, Duration max, Duration dflt) {
            Object v = m.get(key);
            if (v == null) {
                return dflt;
            }
            Duration d = null;
            String t = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
            Matcher mt = DURATION.matcher(t);
            if (!(v instanceof Map || v instanceof List) && mt.matches()) {
                long n = Long.parseLong(mt.group(1));
                String unit = mt.group(2) == null ? "s" : mt.group(2);
                d = switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
            }
            if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(where + "." + key, "expected a duration from " + min.toMillis() + " ms to " + max.toSeconds()
                        + " s (like 30s or 2m); found '" + v + "'");
                return dflt;
            }
            return d;
        }

        /** One window or a list of them, each {@code HH:MM-HH:MM}. */
        private List<PowerSchedule.Window> windows(Map<String, ?> m, String where, String key) {
            Object v = m.get(key);
            List<PowerSchedule.Window> out = new ArrayList<>();
            if (v == null) {
                return out;
            }
            List<?> items = v instanceof List<?> l ? l : List.of(v);
            for (Object item : items) {
                if (item instanceof Number n) {
                    problem(where + "." + key, "YAML read a time as the number " + n + "; quote the window, like \"23:00-05:00\"");
                    continue;
                }
                try {
                    out.add(PowerSchedule.Window.parse(String.valueOf(item)));
                } catch (IllegalArgumentException e) {
                    problem(where + "." + key, e.getMessage());
                }
            }
            return out;
        }

        private ZoneId zone(Map<String, ?> m, String where) {
            String z = string(m, where, "zone", null);
            if (z == null) {
                return DEFAULT_ZONE;
            }
            try {
                return ZoneId.of(z);
            } catch (DateTimeException e) {
                problem(where + ".zone", "expected a time zone like Asia/Jakarta (WIB), Asia/Makassar (WITA) or"
                        + " Asia/Jayapura (WIT); found '" + z + "'");
                return DEFAULT_ZONE;
            }
        }
    }
}
