package id.layar.agent;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A static bundle origin for tests: serves a mutable map of path → bytes on 127.0.0.1 with ETag and 304
 * support, counts requests, and can be told to misbehave per path (other bytes, a longer body, an endless
 * body) or everywhere (an HTTP error status).
 */
final class FakeOrigin extends VerticleBase {
    /** How a path's body is altered on the way out. */
    enum Misbehaviour {
        /** Append bytes beyond what is stored, sent chunked (no Content-Length announces it). */
        LONGER_CHUNKED,
        /** Append bytes beyond what is stored, with a Content-Length that says so. */
        LONGER_WITH_LENGTH,
        /** After the stored bytes, keep sending bytes until the client hangs up. */
        ENDLESS
    }

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Misbehaviour> misbehaviour = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger notModified = new AtomicInteger();
    private final AtomicInteger endlessBytesSent = new AtomicInteger();
    private volatile int failStatus;
    private HttpServer server;

    static FakeOrigin deploy(Vertx vertx) {
        FakeOrigin o = new FakeOrigin();
        vertx.deployVerticle(o).await();
        return o;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
        return server.requestHandler(this::handle).listen();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
    }

    void put(String path, byte[] bytes) {
        files.put(path, bytes.clone());
    }

    void remove(String path) {
        files.remove(path);
    }

    void misbehave(String path, Misbehaviour how) {
        misbehaviour.put(path, how);
    }

    /** Every request answers this status (0: behave). */
    void failWith(int status) {
        failStatus = status;
    }

    int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int notModified() {
        return notModified.get();
    }

    int endlessBytesSent() {
        return endlessBytesSent.get();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path().startsWith("/") ? req.path().substring(1) : req.path();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        HttpServerResponse resp = req.response();
        if (failStatus != 0) {
            resp.setStatusCode(failStatus).end("origin is broken");
            return;
        }
        byte[] body = files.get(path);
        if (body == null) {
            resp.setStatusCode(404).end("no such file: " + path);
            return;
        }
        String etag = "\"" + sha256(body).substring(0, 16) + "\"";
        Misbehaviour how = misbehaviour.get(path);
        if (how == null) {
            if (etag.equals(req.getHeader(HttpHeaders.IF_NONE_MATCH))) {
                notModified.incrementAndGet();
                resp.setStatusCode(304).putHeader(HttpHeaders.ETAG, etag).end();
                return;
            }
            resp.putHeader(HttpHeaders.ETAG, etag).end(Buffer.buffer(body));
            return;
        }
        byte[] extra = new byte[4096];
        switch (how) {
            case LONGER_CHUNKED -> {
                resp.setChunked(true);
                resp.write(Buffer.buffer(body));
                resp.end(Buffer.buffer(extra));
            }
            case LONGER_WITH_LENGTH -> {
                resp.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length + extra.length));
                resp.write(Buffer.buffer(body));
                resp.end(Buffer.buffer(extra));
            }
            case ENDLESS -> {
                resp.setChunked(true);
                resp.write(Buffer.buffer(body));
                Buffer chunk = Buffer.buffer(new byte[8192]);
                long[] timer = new long[1];
                resp.closeHandler(v -> vertx.cancelTimer(timer[0]));
                timer[0] = vertx.setPeriodic(1, id -> {
                    // A cap so a broken client cannot make the test run forever.
                    if (resp.closed() || endlessBytesSent.get() > 64 * 1024 * 1024) {
                        vertx.cancelTimer(id);
                        return;
                    }
                    if (!resp.writeQueueFull()) {
                        endlessBytesSent.addAndGet(chunk.length());
                        resp.write(chunk);
                    }
                });
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
