package id.layar.packager.serve;

import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.util.List;

/**
 * Who may publish and subscribe what on the embedded broker when it has users: the rules of
 * {@code deploy/mosquitto/layar.acl}, so a pilot behaves like production.
 * <ul>
 *   <li>a device (its user name is its device id) writes only {@code layar/devices/<its id>/#} and reads
 *   {@code layar/channels/+/notify};</li>
 *   <li>{@code fleet} reads {@code layar/#} and writes nothing;</li>
 *   <li>{@code publisher} writes {@code layar/channels/+/notify} and reads {@code layar/#};</li>
 *   <li>the internal collector of {@code serve} reads {@code layar/devices/+/plays}.</li>
 * </ul>
 * A subscription is allowed only when every topic it can match is readable (a filter inside an allowed pattern).
 */
public final class TopicPolicy implements IAuthorizatorPolicy {
    public static final String FLEET = "fleet";
    public static final String PUBLISHER = "publisher";

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        return allowed(writable(user), topic.toString());
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        return allowed(readable(user), topic.toString());
    }

    static List<String> writable(String user) {
        if (user == null || user.equals(FLEET) || user.equals(BrokerPasswords.INTERNAL_USER)) {
            return List.of();
        }
        if (user.equals(PUBLISHER)) {
            return List.of("layar/channels/+/notify");
        }
        return plainLevel(user) ? List.of("layar/devices/" + user + "/#") : List.of();
    }

    static List<String> readable(String user) {
        if (user == null) {
            return List.of();
        }
        return switch (user) {
            case FLEET, PUBLISHER -> List.of("layar/#");
            case BrokerPasswords.INTERNAL_USER -> List.of("layar/devices/+/plays");
            default -> List.of("layar/channels/+/notify");
        };
    }

    private static boolean plainLevel(String user) {
        return !user.isEmpty() && user.chars().noneMatch(c -> c == '/' || c == '+' || c == '#');
    }

    static boolean allowed(List<String> patterns, String filter) {
        for (String p : patterns) {
            if (within(p, filter)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every topic {@code filter} can match also matches {@code pattern}. */
    static boolean within(String pattern, String filter) {
        String[] p = pattern.split("/", -1);
        String[] f = filter.split("/", -1);
        for (int i = 0; ; i++) {
            if (i < p.length && p[i].equals("#")) {
                return true;
            }
            if (i >= p.length || i >= f.length) {
                return i >= p.length && i >= f.length;
            }
            if (f[i].equals("#")) {
                return false;
            }
            if (!p[i].equals("+") && !p[i].equals(f[i])) {
                return false;
            }
        }
    }
}
