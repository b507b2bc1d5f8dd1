package id.layar.agent.ops;

import id.layar.agent.hardware.HardwareConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent.yaml that {@code provision} writes: the keys {@link id.layar.agent.AgentConfig} reads, with comments a
 * technician can follow. {@code doctor} reads the {@code mqtt:} section's {@code url} (also from the commented
 * {@code # mqtt:} placeholder that configs written before MQTT carry) to test that the broker is reachable.
 */
final class ConfigText {
    /** The broker settings a technician gave; the password may be null (then no password line). */
    record Broker(URI url, String username, String password) {
        int port() {
            if (url.getPort() > 0) {
                return url.getPort();
            }
            return "mqtts".equalsIgnoreCase(url.getScheme()) || "ssl".equalsIgnoreCase(url.getScheme()) ? 8883 : 1883;
        }
    }

    /** Everything provision decided; {@code root} is written relative to the config's folder. */
    record Settings(String device, String channel, URI origin, String root, String rootFingerprint, Path state, String poll,
                    int width, int height, int fps, String output, String apiHost, int apiPort, String apiToken, Broker broker,
                    Instant written) {
    }

    private ConfigText() {
    }

    static String render(Settings s) {
        StringBuilder y = new StringBuilder();
        y.append("# Layar edge agent, written by `signage-agent provision` at ").append(s.written()).append(".\n");
        y.append("# Change it with `sudo signage-agent provision` (it checks the origin first), or edit it and run\n");
        y.append("# `sudo signage-agent doctor`; then `sudo systemctl restart layar-agent`.\n");
        y.append("device: ").append(s.device()).append("\n");
        y.append("channel: ").append(s.channel()).append("\n");
        y.append("origin: ").append(quote(s.origin().toString())).append("\n");
        y.append("root: ").append(quote(s.root())).append("   # fingerprint ").append(s.rootFingerprint()).append("\n");
        y.append("state: ").append(quote(s.state().toString())).append("   # the only folder the service may write\n");
        y.append("poll: ").append(s.poll()).append("\n");
        y.append("panel:\n");
        y.append("  width: ").append(s.width()).append("\n");
        y.append("  height: ").append(s.height()).append("\n");
        y.append("  fps: ").append(s.fps()).append("\n");
        y.append("  output: ").append(s.output()).append("\n");
        y.append("api:\n");
        y.append("  host: ").append(quote(s.apiHost())).append("   # 0.0.0.0 opens the technician page to the LAN\n");
        y.append("  port: ").append(s.apiPort()).append("\n");
        if (s.apiToken() != null) {
            y.append("  token: ").append(quote(s.apiToken())).append("   # the technician page and /metrics ask for it\n");
        }
        hardware(y, s.output());
        y.append("\n");
        if (s.broker() == null) {
            y.append("# Broker (MQTT): not configured; `sudo signage-agent provision --broker mqtts://HOST:8883` sets it.\n");
        } else {
            y.append("# Broker (MQTT): state, proof of play, and \"channel updated\" notifications (content still comes\n");
            y.append("# only from the signed playlist on the origin).\n");
            y.append("mqtt:\n");
            y.append("  url: ").append(quote(s.broker().url().toString())).append("\n");
            y.append("  username: ").append(quote(s.broker().username())).append("\n");
            if (s.broker().password() != null) {
                y.append("  password: ").append(quote(s.broker().password())).append("\n");
            }
        }
        return y.toString();
    }

    /** The {@code hardware:} block for a real output, with the optional devices as commented examples. */
    private static void hardware(StringBuilder y, String output) {
        if ("framebuffer".equals(output)) {
            y.append("hardware:\n");
            y.append("  framebuffer:\n");
            y.append("    device: /dev/fb0\n");
            y.append("    window: {x: 0, y: 0}   # top-left of the sender card's capture window in the HDMI picture\n");
            y.append("    rotation: 0            # 0, 90, 180 or 270 degrees clockwise\n");
        } else if ("spi".equals(output)) {
            y.append("hardware:\n");
            y.append("  spi:\n");
            y.append("    bus: 0\n");
            y.append("    chip-select: 0\n");
            y.append("    layout: ").append(HardwareConfig.GUESSED_SPI_LAYOUT)
                    .append("     # CHECK against the wiring (hardware-notes/wiring.md): show the grid pattern\n");
            y.append("    start: ").append(HardwareConfig.GUESSED_SPI_START).append("\n");
        } else {
            return;
        }
        y.append("  # Optional, see hardware-notes/wiring.md:\n");
        y.append("  # power: {relay-pin: 17, active-low: true, off-hours: [\"23:00-05:00\"]}\n");
        y.append("  # light: {sensor: bh1750, bus: 1, address: 0x23}\n");
        y.append("  # led: {pin: 27}\n");
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static final Pattern MQTT_START = Pattern.compile("^(#\\s*)?mqtt:\\s*(#.*)?$");
    private static final Pattern URL_LINE = Pattern.compile("^(#)?\\s+url:\\s*\"?([^\"\\s#]+)\"?\\s*(#.*)?$");

    /**
     * The broker URL of a config's {@code mqtt:} section, active or kept as the commented placeholder; null when there
     * is none. {@code active} tells which.
     */
    record BrokerRef(URI url, boolean active) {
    }

    static BrokerRef brokerIn(String configText) {
        String[] lines = configText.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            Matcher start = MQTT_START.matcher(lines[i]);
            if (!start.matches()) {
                continue;
            }
            boolean active = start.group(1) == null;
            for (int j = i + 1; j < lines.length; j++) {
                String line = lines[j];
                boolean commented = line.startsWith("#");
                if (line.isBlank() || (active && commented)) {
                    continue;
                }
                if (commented != !active || !line.substring(commented ? 1 : 0).startsWith(" ")) {
                    break;
                }
                Matcher m = URL_LINE.matcher(line);
                if (m.matches()) {
                    try {
                        URI u = new URI(m.group(2));
                        return u.getHost() == null ? null : new BrokerRef(u, active);
                    } catch (java.net.URISyntaxException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
