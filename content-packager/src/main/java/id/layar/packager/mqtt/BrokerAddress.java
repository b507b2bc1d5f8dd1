package id.layar.packager.mqtt;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a broker is: {@code mqtt://host[:port]} (plain, 1883) or {@code mqtts://host[:port]} (TLS, 8883), the form
 * the agent's {@code --broker} takes too. {@code tcp://} and {@code ssl://} are accepted as synonyms.
 */
public record BrokerAddress(String host, int port, boolean tls) {
    public static final String LOOPBACK = "mqtt://127.0.0.1:1883";

    /**
     * @param option the option the text came from, named in the error
     * @throws PackagerException INVALID_INPUT naming the option, the text and an example
     */
    public static BrokerAddress parse(String option, String text) {
        try {
            URI u = new URI(text.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            boolean tls = scheme.equals("mqtts") || scheme.equals("ssl");
            boolean plain = scheme.equals("mqtt") || scheme.equals("tcp");
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            if ((tls || plain) && u.getHost() != null && u.getRawUserInfo() == null && u.getRawQuery() == null
                    && (path.isEmpty() || path.equals("/")) && u.getPort() <= 65535) {
                String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
                return new BrokerAddress(host, u.getPort() > 0 ? u.getPort() : tls ? 8883 : 1883, tls);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.brokerUrl", option, text));
    }

    @Override
    public String toString() {
        return (tls ? "mqtts://" : "mqtt://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
