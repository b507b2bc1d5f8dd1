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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A static bundle origin for tests, and a faulty one on demand: serves a mutable map of path → bytes on
 * 127.0.0.1 with ETag/304 and {@code Range: bytes=N-} (206), counts requests, and can be told to misbehave per path
 * (cut the connection mid-body, drip a byte a second, lie about Content-Length either way, send an endless body,
 * ignore or garble a range) or everywhere (an HTTP error status). It can hold the playlist until released (a gate),
 * and reports blob transfers in flight. Stop it (undeploy) to make the origin vanish.
 */
final class FakeOrigin extends VerticleBase {
    /** How a path's body is altered on the way out. */
    enum Misbehaviour {
        /** Append bytes beyond what is stored, sent chunked (no Content-Length announces it). */
        LONGER_CHUNKED,
        /** Append bytes beyond what is stored, with a Content-Length that says so. */
        LONGER_WITH_LENGTH,
        /** After the stored bytes, keep sending bytes until the client hangs up. */
        ENDLESS,
        /** Announce the full length, send the first half, then drop the connection. */
        CUT_MIDWAY,
        /** Announce the full length and send one byte a second. */
        DRIP,
        /** Announce more bytes than it sends, then drop the connection (a lie about Content-Length, longer). */
        LENGTH_LIES_LONGER,
        /** Announce fewer bytes than it then writes (a lie about Content-Length, shorter). */
        LENGTH_LIES_SHORTER,
        /** Answer a range request with the whole body (200), as a server without range support does. */
        IGNORE_RANGE,
        /** Answer a range request with a 206 whose Content-Range starts elsewhere. */
        WRONG_RANGE,
        /** Send the body slowly: 32 KiB every 20 ms (to see downloads overlap). */
        SLOW,
        /** Answer HTTP 500 for this path only. */
        STATUS_500
    }

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Misbehaviour> misbehaviour = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final List<String> rangeRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger notModified = new AtomicInteger();
    private final AtomicInteger endlessBytesSent = new AtomicInteger();
    private final AtomicLong blobBytesSent = new AtomicLong();
    private final AtomicInteger blobsInFlight = new AtomicInteger();
    private final AtomicInteger maxBlobsInFlight = new AtomicInteger();
    private final AtomicInteger blobsServed = new AtomicInteger();
    private volatile Consumer<String> onBlobServed = p -> { };
    private volatile int failStatus;
    private volatile boolean gated;
    private final List<Runnable> held = new ArrayList<>();
    private final String gatedPath;
    private final int port;
    private HttpServer server;

    FakeOrigin() {
        this(Bundles.PLAYLIST_PATH, 0);
    }

    FakeOrigin(String gatedPath, int port) {
        this.gatedPath = gatedPath;
        this.port = port;
    }

    static FakeOrigin deploy(Vertx vertx) {
        return deploy(vertx, 0);
    }

    /** An origin on a given port (0: any), e.g. to bring back one that vanished. */
    static FakeOrigin deploy(Vertx vertx, int port) {
        FakeOrigin o = new FakeOrigin(Bundles.PLAYLIST_PATH, port);
        vertx.deployVerticle(o).await();
        return o;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port));
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

    /** Every path behaves again (the origin healed). */
    void heal() {
        misbehaviour.clear();
        failStatus = 0;
    }

    /** Every request answers this status (0: behave). */
    void failWith(int status) {
        failStatus = status;
    }

    /** While closed, requests for the gated path (the playlist) are held unanswered; opening answers them. */
    void gate(boolean closed) {
        List<Runnable> release = new ArrayList<>();
        synchronized (held) {
            gated = closed;
            if (!closed) {
                release.addAll(held);
                held.clear();
            }
        }
        if (!release.isEmpty()) {
            context.runOnContext(v -> release.forEach(Runnable::run));
        }
    }

    void onBlobServed(Consumer<String> listener) {
        onBlobServed = listener;
    }

    int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Every {@code Range} header received, as {@code path bytes=N-}. */
    List<String> rangeRequests() {
        return List.copyOf(rangeRequests);
    }

    int notModified() {
        return notModified.get();
    }

    int endlessBytesSent() {
        return endlessBytesSent.get();
    }

    long blobBytesSent() {
        return blobBytesSent.get();
    }

    int blobsInFlight() {
        return blobsInFlight.get();
    }

    int maxBlobsInFlight() {
        return maxBlobsInFlight.get();
    }

    int blobsServed() {
        return blobsServed.get();
    }

    private void handle(HttpServerRequest req) {
        String path = req.path().startsWith("/") ? req.path().substring(1) : req.path();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        if (path.equals(gatedPath)) {
            synchronized (held) {
                if (gated) {
                    req.pause();
                    held.add(() -> {
                        req.resume();
                        serve(req, path);
                    });
                    return;
                }
            }
        }
        serve(req, path);
    }

    private void serve(HttpServerRequest req, String path) {
        HttpServerResponse resp = req.response();
        if (resp.closed()) {
            return;
        }
        Misbehaviour how = misbehaviour.get(path);
        if (failStatus != 0 || how == Misbehaviour.STATUS_500) {
            resp.setStatusCode(failStatus != 0 ? failStatus : 500).end("origin is broken");
            return;
        }
        byte[] body = files.get(path);
        if (body == null) {
            resp.setStatusCode(404).end("no such file: " + path);
            return;
        }
        boolean blob = path.startsWith("blobs/");
        if (blob) {
            int now = blobsInFlight.incrementAndGet();
            maxBlobsInFlight.accumulateAndGet(now, Math::max);
            boolean[] counted = new boolean[1];
            Runnable done = () -> {
                if (!counted[0]) {
                    counted[0] = true;
                    blobsInFlight.decrementAndGet();
                }
            };
            resp.closeHandler(v -> done.run());
            resp.endHandler(v -> {
                done.run();
                blobsServed.incrementAndGet();
                onBlobServed.accept(path);
            });
        }
        String etag = "\"" + sha256(body).substring(0, 16) + "\"";
        String range = req.getHeader("Range");
        long from = 0;
        if (range != null) {
            rangeRequests.add(path + " " + range);
            if (range.matches("bytes=[0-9]{1,18}-")) {
                from = Long.parseLong(range.substring(6, range.length() - 1));
            }
        }
        if (how == null || how == Misbehaviour.IGNORE_RANGE || how == Misbehaviour.WRONG_RANGE) {
            if (etag.equals(req.getHeader(HttpHeaders.IF_NONE_MATCH))) {
                notModified.incrementAndGet();
                resp.setStatusCode(304).putHeader(HttpHeaders.ETAG, etag).end();
                return;
            }
            resp.putHeader(HttpHeaders.ETAG, etag);
            if (from > 0 && how != Misbehaviour.IGNORE_RANGE) {
                if (from >= body.length) {
                    resp.setStatusCode(416).putHeader("Content-Range", "bytes */" + body.length).end();
                    return;
                }
                long start = how == Misbehaviour.WRONG_RANGE ? from / 2 : from;
                resp.setStatusCode(206).putHeader("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
                sendCounted(resp, Buffer.buffer(body).slice((int) start, body.length), blob);
                return;
            }
            sendCounted(resp, Buffer.buffer(body), blob);
            return;
        }
        int half = body.length / 2;
        if (from >= body.length) {
            from = 0;
        }
        switch (how) {
            case LONGER_CHUNKED -> {
                resp.setChunked(true);
                resp.write(Buffer.buffer(body));
                resp.end(Buffer.buffer(new byte[4096]));
            }
            case LONGER_WITH_LENGTH -> {
                resp.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length + 4096));
                resp.write(Buffer.buffer(body));
                resp.end(Buffer.buffer(new byte[4096]));
            }
            case ENDLESS -> {
                resp.setChunked(true);
                resp.write(Buffer.buffer(body));
                Buffer chunk = Buffer.buffer(new byte[8192]);
                vertx.setPeriodic(1, id -> {
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
            case CUT_MIDWAY -> {
                resp.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length - from));
                // Half of what is left, at least one byte.
                Buffer first = Buffer.buffer(body).slice((int) from, (int) Math.max(from + 1, from + (body.length - from) / 2));
                if (from > 0) {
                    resp.setStatusCode(206).putHeader("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                }
                blobBytesSent.addAndGet(first.length());
                resp.write(first).onComplete(v -> req.connection().close());
            }
            case LENGTH_LIES_LONGER -> {
                resp.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length + 1000));
                resp.write(Buffer.buffer(body)).onComplete(v -> req.connection().close());
            }
            case LENGTH_LIES_SHORTER -> {
                resp.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(half));
                // All of it follows, past the announced end, then the connection is dropped.
                resp.end(Buffer.buffer(body)).onComplete(v -> req.connection().close());
            }
            case DRIP -> {
                resp.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length));
                int[] next = {0};
                vertx.setPeriodic(1000, id -> {
                    if (resp.closed() || next[0] >= body.length) {
                        vertx.cancelTimer(id);
                        return;
                    }
                    resp.write(Buffer.buffer(new byte[] {body[next[0]++]}));
                });
            }
            case SLOW -> {
                resp.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length));
                int[] next = {0};
                vertx.setPeriodic(20, id -> {
                    if (resp.closed()) {
                        vertx.cancelTimer(id);
                        return;
                    }
                    int n = Math.min(32 * 1024, body.length - next[0]);
                    Buffer chunk = Buffer.buffer(body).slice(next[0], next[0] + n);
                    next[0] += n;
                    if (next[0] >= body.length) {
                        vertx.cancelTimer(id);
                        resp.end(chunk);
                    } else {
                        resp.write(chunk);
                    }
                });
            }
            default -> throw new IllegalStateException(how.toString());
        }
    }

    private void sendCounted(HttpServerResponse resp, Buffer body, boolean blob) {
        if (!blob || body.length() <= 256 * 1024) {
            if (blob) {
                blobBytesSent.addAndGet(body.length());
            }
            resp.end(body);
            return;
        }
        // Large blobs go out in pieces with back-pressure, so a transfer is observably in flight.
        resp.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
        int piece = 64 * 1024;
        int[] at = {0};
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (!resp.closed() && at[0] < body.length() && !resp.writeQueueFull()) {
                int n = Math.min(piece, body.length() - at[0]);
                Buffer chunk = body.slice(at[0], at[0] + n);
                at[0] += n;
                blobBytesSent.addAndGet(n);
                if (at[0] >= body.length()) {
                    resp.end(chunk);
                    return;
                }
                resp.write(chunk);
            }
            if (!resp.closed() && at[0] < body.length()) {
                resp.drainHandler(v -> pump[0].run());
            }
        };
        pump[0].run();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
