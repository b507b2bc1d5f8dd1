package id.layar.packager.serve;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.AcceptAllAuthenticator;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.security.PermitAllAuthorizatorPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * The MQTT broker of a pilot site (Moquette, in this JVM), beside the embedded origin: devices publish status and proof
 * of play to it, staff's {@code publish} announces new playlists on it. At scale a Mosquitto takes its place.
 *
 * <p>Moquette's defaults are unsafe here and all are overridden: it sends telemetry to its authors
 * ({@code telemetry_enabled=false}), keeps its store in {@code data/} of the working directory ({@code data_path} is set
 * to {@code <dataDir>/broker/}), allows anonymous clients (only without a password file, which {@code serve} permits
 * on the loopback only) and caps messages at 8 KB (raised to 256 KiB). Its store keeps retained status and the queued
 * messages of persistent sessions across restarts. Two of its deviations from MQTT 3.1.1 (a QoS 0 retained message is
 * dropped, a Last Will is never retained) are corrected by {@link RetainLikeMosquitto}. A third cannot be: it closes a
 * connection whose SUBSCRIBE arrives before it has finished sending the CONNACK (logging "SUBSCRIBE received on already
 * closed connection"), so clients must wait for the SUBACK and try again
 * ({@link id.layar.packager.mqtt.MqttConnect#connectAndSubscribe} does).
 */
public final class EmbeddedBroker {
    /** The folder below the data folder where Moquette keeps its store. */
    public static final String STORE = "broker";

    private final Server server;
    private final String host;
    private final int port;
    private final Properties settings;
    private final String internalPassword;

    private EmbeddedBroker(Server server, String host, int port, Properties settings, String internalPassword) {
        this.server = server;
        this.host = host;
        this.port = port;
        this.settings = settings;
        this.internalPassword = internalPassword;
    }

    /**
     * Starts a broker.
     *
     * @param host      the address to listen on
     * @param port      the port; 0 for any free one (see {@link #port()})
     * @param dataDir   where the store goes (created); never the working directory
     * @param passwords the users, or null to allow anonymous clients (a pilot on the loopback)
     * @throws PackagerException IO naming the address when the port is taken
     */
    public static EmbeddedBroker start(String host, int port, Path dataDir, BrokerPasswords passwords) throws IOException {
        quietLogging();
        Path store = dataDir.toAbsolutePath().normalize().resolve(STORE);
        Files.createDirectories(store);
        int actualPort = port == 0 ? freePort(host) : port;
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(actualPort));
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("persistence_enabled", "true");
        p.setProperty("data_path", store + "/");
        p.setProperty("allow_anonymous", Boolean.toString(passwords == null));
        p.setProperty("netty.mqtt.message_size", Integer.toString(256 * 1024));
        p.setProperty("use_metrics", "false");
        p.setProperty("intercept.thread_pool.size", "1"); // RetainLikeMosquitto sees connects, drops and publishes in order
        p.setProperty("use_bugsnag", "false");
        // As Mosquitto: a client may leave its id to the broker for a clean session (mosquitto_sub does).
        p.setProperty("allow_zero_byte_client_id", "true");
        String internal = passwords == null ? null : randomPassword();
        IAuthenticator auth = passwords == null ? new AcceptAllAuthenticator() : passwords.withInternal(internal);
        IAuthorizatorPolicy policy = passwords == null ? new PermitAllAuthorizatorPolicy() : new TopicPolicy();
        Server server = new Server();
        RetainLikeMosquitto retain = new RetainLikeMosquitto();
        retain.attach(server);
        try {
            server.startServer(new MemoryConfig(p), List.of(retain), null, auth, policy);
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String reason = cause instanceof java.net.BindException ? "address already in use"
                    : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new PackagerException(Kind.IO, Msg.of("err.mqttListen", host, actualPort, reason), e);
        }
        return new EmbeddedBroker(server, host, actualPort, p, internal);
    }

    /** The port actually bound. */
    public int port() {
        return port; // Moquette's getPort() is set asynchronously after the bind, so it may still say 0
    }

    /** The settings Moquette was started with (for tests and diagnostics). */
    public Properties settings() {
        Properties copy = new Properties();
        copy.putAll(settings);
        return copy;
    }

    /** The password of {@link BrokerPasswords#INTERNAL_USER}, or null when the broker allows anonymous clients. */
    public String internalPassword() {
        return internalPassword;
    }

    /** Where clients on this machine reach it: the listening address, or the loopback when it listens on all. */
    public String localHost() {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress() ? "127.0.0.1" : host;
        } catch (IOException e) {
            return host;
        }
    }

    public void stop() {
        server.stopServer();
    }

    /**
     * Moquette reports a taken port only in its log; asking the OS for a port first makes "0" mean one that works.
     * (A race with another program in between is possible and reported like a taken port.)
     */
    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        }
    }

    private static String randomPassword() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * Moquette logs every connection at INFO, and a harmless warning on every stop; staff see only its real warnings
     * unless they configured slf4j-simple themselves.
     */
    private static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.log.io.moquette") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.moquette", "warn");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.io.moquette.broker.SessionRegistry") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.moquette.broker.SessionRegistry", "error");
        }
        // A device dropping its connection ends in a warning with a stack trace from Netty; the will says it instead.
        if (System.getProperty("org.slf4j.simpleLogger.log.io.netty.channel.DefaultChannelPipeline") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.netty.channel.DefaultChannelPipeline", "error");
        }
        // A taken port is logged with a stack trace; start() reports it in a sentence instead.
        if (System.getProperty("org.slf4j.simpleLogger.log.io.moquette.broker.NewNettyAcceptor") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.moquette.broker.NewNettyAcceptor", "off");
        }
    }
}
