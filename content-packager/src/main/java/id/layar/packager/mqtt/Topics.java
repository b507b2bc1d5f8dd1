package id.layar.packager.mqtt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MQTT topic contract between devices and staff (see {@code deploy/mosquitto/README.md}):
 * <ul>
 *   <li>{@code layar/devices/<id>/state}: retained, the agent's status JSON;</li>
 *   <li>{@code layar/devices/<id>/online}: retained, {@code {"online":true|false,"at":...}} (the Last Will says false);</li>
 *   <li>{@code layar/devices/<id>/plays}: QoS 1, one proof-of-play record per message;</li>
 *   <li>{@code layar/channels/<channel>/notify}: QoS 1, {@code {"channel":..,"version":..}}, "sync now".</li>
 * </ul>
 */
public final class Topics {
    public static final String STATE_ALL = "layar/devices/+/state";
    public static final String ONLINE_ALL = "layar/devices/+/online";
    public static final String PLAYS_ALL = "layar/devices/+/plays";
    private static final Pattern DEVICE = Pattern.compile("layar/devices/([^/+#]+)/(state|online|plays)");

    private Topics() {
    }

    public static String notify(String channel) {
        return "layar/channels/" + channel + "/notify";
    }

    public static String plays(String device) {
        return "layar/devices/" + device + "/plays";
    }

    public static String state(String device) {
        return "layar/devices/" + device + "/state";
    }

    public static String online(String device) {
        return "layar/devices/" + device + "/online";
    }

    /** The device id and the kind ({@code state}, {@code online}, {@code plays}) of a device topic, or null. */
    public static String[] device(String topic) {
        Matcher m = DEVICE.matcher(topic == null ? "" : topic);
        return m.matches() ? new String[]{m.group(1), m.group(2)} : null;
    }
}
