package id.layar.agent.telemetry;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and as whom the agent reports: the {@code mqtt:} section of agent.yaml (keys {@code url}, {@code username},
 * {@code password} or {@code password-file}, {@code state-interval}). Immutable; safe to share between threads.
 *
 * <p>{@code mqtt://host[:1883]} is plain MQTT (only for a broker on the same host or a trusted network);
 * {@code mqtts://host[:8883]} is TLS, checked against the JVM's trust store with the host name verified. The
 * {@link #toString()} and {@link #broker()} never show the password.
 *
 * @param url           {@code mqtt://host[:port]} or {@code mqtts://host[:port]}, nothing else (no user, path or query)
 * @param username      the broker user; null means the device id (the broker's ACL lets a device write only beneath
 *                      {@code layar/devices/<its user name>/})
 * @param password      the broker password, or null for none
 * @param stateInterval how often the retained state is republished when nothing changed; null means
 *                      {@link #DEFAULT_STATE_INTERVAL}
 */
public record MqttSettings(URI url, String username, String password, Duration stateInterval) {
    /** The port of {@code mqtt://} when the URL names none. */
    public static final int DEFAULT_PORT = 1883;
    /** The port of {@code mqtts://} when the URL names none. */
    public static final int DEFAULT_TLS_PORT = 8883;
    /**
     * The heartbeat: the state is republished at least this often when nothing meaningful changed, so the fleet's
     * "last seen", the counters and the temperature stay fresh-ish. Not more often: each publish costs a device's 4G
     * data (a state with the hardware and mqtt blocks is about 1.5 KB before MQTT and TLS framing: some 0.4 MB a day
     * at 5 minutes, 2 MB at 1 minute, 130 MB once a second) and, as layar.conf saves after every change, a rewrite of
     * the broker's database. Whether a device is up comes from its online flag and Last Will (keep-alive 30 s), not
     * from this; a meaningful change is published within a second anyway.
     */
    public static final Duration DEFAULT_STATE_INTERVAL = Duration.ofMinutes(5);
    /** The shortest {@code state-interval} accepted (the state is also published on every change). */
    public static final Duration MIN_STATE_INTERVAL = Duration.ofSeconds(5);
    /** The longest {@code state-interval} accepted. */
    public static final Duration MAX_STATE_INTERVAL = Duration.ofHours(24);

    public MqttSettings {
        if (url == null) {
            throw new IllegalArgumentException("mqtt.url is missing: set it to mqtts://<broker host>:8883 (TLS) or, for a"
                    + " broker on this host, mqtt://127.0.0.1:1883");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("mqtt") && !scheme.equals("mqtts")) {
            throw new IllegalArgumentException("mqtt.url must start with mqtts:// (TLS, port 8883) or mqtt:// (plain,"
                    + " port 1883); found '" + safe(url) + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("mqtt.url must not carry a user name or password (found '" + safe(url)
                    + "'): put them in mqtt.username and mqtt.password-file");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("mqtt.url needs a host name, like mqtts://broker.example.go.id:8883; found '"
                    + safe(url) + "'");
        }
        String path = url.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("mqtt.url must be only scheme, host and port, like"
                    + " mqtts://broker.example.go.id:8883; found '" + safe(url) + "'");
        }
        if (username != null && (username.isBlank() || !username.equals(username.strip()))) {
            throw new IllegalArgumentException("mqtt.username must not be blank or padded with spaces; leave it out to use"
                    + " the device id");
        }
        if (stateInterval == null) {
            stateInterval = DEFAULT_STATE_INTERVAL;
        }
        if (stateInterval.compareTo(MIN_STATE_INTERVAL) < 0 || stateInterval.compareTo(MAX_STATE_INTERVAL) > 0) {
            throw new IllegalArgumentException("mqtt.state-interval must be between " + MIN_STATE_INTERVAL.toSeconds()
                    + "s and " + MAX_STATE_INTERVAL.toHours() + "h; found " + stateInterval.toSeconds() + "s");
        }
    }

    /** Settings with the device id as user name, no password and the default state interval. */
    public static MqttSettings of(URI url) {
        return new MqttSettings(url, null, null, null);
    }

    /** Whether the connection uses TLS ({@code mqtts://}). */
    public boolean tls() {
        return url.getScheme().equalsIgnoreCase("mqtts");
    }

    /** The broker's host name or address (an IPv6 address without brackets). */
    public String host() {
        String h = url.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The port: the URL's, else 8883 for mqtts and 1883 for mqtt. */
    public int port() {
        return url.getPort() > 0 ? url.getPort() : tls() ? DEFAULT_TLS_PORT : DEFAULT_PORT;
    }

    /** The user name to log in with: {@link #username} if set, else the device id. */
    public String usernameFor(String device) {
        return username != null ? username : Objects.requireNonNull(device, "device");
    }

    /** The broker for logs and status, {@code mqtts://host:port}: never a user name or password. */
    public String broker() {
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost() + ":" + port();
    }

    @Override
    public String toString() {
        return "MqttSettings[" + broker() + ", user " + (username == null ? "(device id)" : username) + ", password "
                + (password == null ? "none" : "set") + ", state every " + stateInterval.toSeconds() + "s]";
    }

    /** A URL for an error message, with any user info cut out. */
    private static String safe(URI url) {
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        return url.toString().replace(url.getRawUserInfo() + "@", "***@");
    }
}
