package id.layar.agent.telemetry;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay between a client and the broker that a test can cut: both sockets close at once, the broker sees its
 * client vanish without an MQTT DISCONNECT (as when a device loses power or its 4G link), and its Last Will fires.
 */
final class CuttableProxy implements AutoCloseable {
    private final NetServer server;
    private final NetClient client;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();

    private CuttableProxy(NetServer server, NetClient client) {
        this.server = server;
        this.client = client;
    }

    static CuttableProxy start(Vertx vertx, int brokerPort) throws Exception {
        NetClient client = vertx.createNetClient();
        NetServer server = vertx.createNetServer();
        CuttableProxy proxy = new CuttableProxy(server, client);
        server.connectHandler(in -> {
            in.pause();
            proxy.sockets.add(in);
            client.connect(brokerPort, "127.0.0.1").onComplete(ar -> {
                if (ar.failed()) {
                    in.close();
                    return;
                }
                NetSocket out = ar.result();
                proxy.sockets.add(out);
                in.handler(out::write);
                out.handler(in::write);
                in.closeHandler(v -> out.close());
                out.closeHandler(v -> in.close());
                in.resume();
            });
        });
        server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return proxy;
    }

    int port() {
        return server.actualPort();
    }

    /** Closes every relayed connection on both sides. */
    void cut() {
        for (NetSocket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    @Override
    public void close() throws Exception {
        cut();
        server.close().await(10, TimeUnit.SECONDS);
        client.close().await(10, TimeUnit.SECONDS);
    }
}
