package id.layar.agent;

import id.layar.playlist.BlobCheck;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.Json;
import id.layar.playlist.Rejection;
import id.layar.playlist.Rejection.Reason;
import id.layar.playlist.TrustedRoot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the channel's signed playlist from the origin, verifies it, fetches the blobs it names and commits it:
 * <pre>
 *   GET playlist (If-None-Match) ─► verify (worker) ─► fetch missing blobs (≤2 at a time, checked while
 *   streaming into tmp/) ─► move into blobs/ ─► write playlist.json atomically ─► swap what the player reads
 * </pre>
 * Content that fails a trust rule is {@link SyncOutcome.Kind#REJECTED REJECTED}; a transport fault is
 * {@link SyncOutcome.Kind#FAILED FAILED} and retried at the next poll. Either way the previous playlist keeps
 * playing. Runs on its verticle's event loop; everything blocking goes to a worker.
 */
final class Syncer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);
    /** Blobs downloaded at once: enough to hide latency, few enough for a Pi on 4G. */
    private static final int BLOB_LANES = 2;

    /** Network timeouts; tests shorten them. */
    record Timeouts(Duration connect, Duration idle) {
        static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** A transport fault: the origin is unreachable or answered with something other than content. */
    static final class TransportFault extends IOException {
        TransportFault(String message) {
            super(message);
        }
    }

    private final AgentConfig config;
    private final TrustedRoot root;
    private final StateStore store;
    private final AgentState state;
    private final Clock clock;
    private final Timeouts timeouts;

    private HttpClientAgent client;
    private long timerId = -1;
    /** The ETag of the last playlist body that needs no second look; touched only on the event loop. */
    private String etag;
    private Future<SyncOutcome> running;

    Syncer(AgentConfig config, TrustedRoot root, StateStore store, AgentState state, Clock clock, Timeouts timeouts) {
        this.config = config;
        this.root = root;
        this.store = store;
        this.state = state;
        this.clock = clock;
        this.timeouts = timeouts;
    }

    @Override
    public Future<?> start() {
        client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) timeouts.connect().toMillis())
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(60),
                new PoolOptions().setHttp1MaxSize(BLOB_LANES));
        timerId = vertx.setPeriodic(config.poll().toMillis(), id -> syncNow());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timerId);
        return client.close();
    }

    /** Runs one cycle now, or returns the running cycle's future if one is under way. Any thread. */
    synchronized Future<SyncOutcome> syncNow() {
        if (running != null) {
            return running;
        }
        Promise<SyncOutcome> done = Promise.promise();
        Future<SyncOutcome> f = done.future();
        running = f;
        context.runOnContext(v -> cycle().onComplete(ar -> {
            synchronized (this) {
                running = null;
            }
            done.handle(ar);
        }));
        return f;
    }

    /** One cycle; never fails: every ending is an outcome. */
    private Future<SyncOutcome> cycle() {
        Fetched[] fetched = new Fetched[1];
        // Started inside compose so that even a synchronous throw ends as an outcome, never a stuck cycle.
        return Future.succeededFuture().compose(x -> fetchPlaylist())
                .compose(f -> {
                    fetched[0] = f;
                    if (f.bytes() == null) {
                        return Future.succeededFuture(outcome(SyncOutcome.Kind.UNCHANGED, "the origin answered 304 Not Modified"));
                    }
                    return verify(f.bytes()).compose(this::adopt);
                })
                .map(o -> new Ended(o, null))
                .recover(t -> Future.succeededFuture(ended(t)))
                .map(e -> {
                    rememberEtag(e, fetched[0]);
                    return report(e.outcome());
                });
    }

    private record Fetched(byte[] bytes, String etag) {
    }

    /** A cycle's outcome and, when content was refused, why. */
    private record Ended(SyncOutcome outcome, Reason reason) {
    }

    private SyncOutcome outcome(SyncOutcome.Kind kind, String detail) {
        return new SyncOutcome(kind, state.acceptedVersion(), detail);
    }

    private Ended ended(Throwable t) {
        if (t instanceof Rejection r) {
            state.lastRejection = new StatusSnapshot.LastRejection(clock.instant(), r.reason().wireName(), r.getMessage());
            return new Ended(outcome(SyncOutcome.Kind.REJECTED, r.describe()), r.reason());
        }
        if (!(t instanceof TransportFault)) {
            LOG.debug("sync cycle failed", t);
        }
        return new Ended(outcome(SyncOutcome.Kind.FAILED, describe(t)), null);
    }

    /**
     * Remembers the body's ETag only when fetching the same bytes again would change nothing: accepted,
     * already playing, or refused for what the playlist itself says. After a blob problem or a transport
     * fault the next poll must fetch the playlist again to retry its blobs.
     */
    private void rememberEtag(Ended e, Fetched f) {
        if (f == null || f.bytes() == null) {
            return;
        }
        boolean keep = switch (e.outcome().kind()) {
            case ACCEPTED, UNCHANGED -> true;
            case REJECTED -> e.reason() != Reason.BLOB_MISMATCH && e.reason() != Reason.BLOB_TOO_LARGE;
            case FAILED -> false;
        };
        if (keep) {
            etag = f.etag();
        }
    }

    private SyncOutcome report(SyncOutcome o) {
        var at = clock.instant();
        state.lastSync = new StatusSnapshot.LastSync(at, o.kind(), o.detail());
        switch (o.kind()) {
            case ACCEPTED -> LOG.info("sync accepted: {}", o.detail());
            case UNCHANGED -> LOG.info("sync unchanged: {}", o.detail());
            case REJECTED -> LOG.warn("sync rejected ({}): {}", playing(o), o.detail());
            case FAILED -> LOG.warn("sync failed ({}; retrying in {}): {}", playing(o), config.poll(), o.detail());
        }
        return o;
    }

    private static String playing(SyncOutcome o) {
        return o.version() == 0 ? "nothing accepted yet" : "version " + o.version() + " keeps playing";
    }

    // ---- the playlist ----

    private RequestOptions get(URI url) {
        return new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
                .setIdleTimeout(timeouts.idle().toMillis()).setFollowRedirects(true);
    }

    private Future<Fetched> fetchPlaylist() {
        URI url = config.playlistUrl();
        String sent = etag;
        RequestOptions ro = get(url);
        if (sent != null) {
            ro.putHeader(HttpHeaders.IF_NONE_MATCH, sent);
        }
        return client.request(ro).compose(HttpClientRequest::send).compose(resp -> {
            int code = resp.statusCode();
            if (code == 304 && sent != null) {
                return resp.end().map(v -> new Fetched(null, sent));
            }
            if (code != 200) {
                abandon(resp);
                return Future.failedFuture(new TransportFault("the origin answered HTTP " + code + " for " + url));
            }
            long announced = contentLength(resp);
            if (announced > Json.MAX_DOCUMENT_BYTES) {
                abandon(resp);
                return Future.failedFuture(new Rejection(Reason.OVERSIZED, "the origin announces a " + announced
                        + "-byte playlist; the limit is " + Json.MAX_DOCUMENT_BYTES));
            }
            return readLimited(resp, Json.MAX_DOCUMENT_BYTES).map(b -> new Fetched(b.getBytes(), resp.getHeader(HttpHeaders.ETAG)));
        }).recover(t -> Future.failedFuture(withUrl(t, url)));
    }

    /** Reads a body into memory, refusing it the moment it exceeds {@code max} bytes. */
    private static Future<Buffer> readLimited(HttpClientResponse resp, int max) {
        Promise<Buffer> p = Promise.promise();
        Buffer body = Buffer.buffer();
        resp.exceptionHandler(p::tryFail);
        resp.handler(chunk -> {
            if (p.future().isComplete()) {
                return;
            }
            if ((long) body.length() + chunk.length() > max) {
                p.tryFail(new Rejection(Reason.OVERSIZED, "the playlist body exceeds " + max + " bytes"));
                abandon(resp);
            } else {
                body.appendBuffer(chunk);
            }
        });
        resp.endHandler(v -> p.tryComplete(body));
        return p.future();
    }

    private Future<TrustedRoot.Verified> verify(byte[] bytes) {
        long floor = state.floorVersion;
        // Signature checks are CPU work: keep them off the event loop.
        return vertx.executeBlocking(() -> root.verifyPlaylist(bytes, config.channel(), floor, clock.instant()), false);
    }

    /** After verification: a no-op for the version already playing, otherwise fetch blobs and commit. */
    private Future<SyncOutcome> adopt(TrustedRoot.Verified v) {
        long version = v.playlist().version();
        TrustedRoot.Verified current = state.accepted.get();
        if (current != null && current.playlist().version() == version) {
            return Future.succeededFuture(outcome(SyncOutcome.Kind.UNCHANGED, "version " + version + " is already playing"));
        }
        return vertx.executeBlocking(() -> missingBlobs(v), false)
                .compose(missing -> downloadAll(missing).map(missing.size()))
                .compose(fetchedCount -> vertx.executeBlocking(() -> {
                    store.commitPlaylist(v.envelopeBytes());
                    return fetchedCount;
                }, false))
                .map(fetchedCount -> {
                    state.accepted.set(v);
                    state.floorVersion = version;
                    state.problem = null;
                    return new SyncOutcome(SyncOutcome.Kind.ACCEPTED, version, "version " + version + " with "
                            + v.playlist().items().size() + " item(s) now plays (" + fetchedCount + " blob(s) downloaded)");
                });
    }

    private List<BlobRef> missingBlobs(TrustedRoot.Verified v) {
        Map<String, BlobRef> distinct = new LinkedHashMap<>();
        for (Item i : v.playlist().items()) {
            distinct.putIfAbsent(i.blob().sha256(), i.blob());
        }
        List<BlobRef> missing = new ArrayList<>();
        for (BlobRef b : distinct.values()) {
            if (!store.hasBlob(b)) {
                missing.add(b);
            }
        }
        return missing;
    }

    // ---- blobs ----

    /** Downloads blobs on up to {@value #BLOB_LANES} lanes; after the first failure no new download starts. */
    private Future<Void> downloadAll(List<BlobRef> blobs) {
        Iterator<BlobRef> queue = blobs.iterator();
        Throwable[] first = new Throwable[1];
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(BLOB_LANES, blobs.size()); i++) {
            lanes.add(lane(queue, first));
        }
        // join, not all: wait for every lane to finish (and clean up) before reporting.
        return Future.join(lanes).transform(ar -> first[0] == null ? Future.succeededFuture() : Future.failedFuture(first[0]));
    }

    private Future<Void> lane(Iterator<BlobRef> queue, Throwable[] first) {
        if (first[0] != null || !queue.hasNext()) {
            return Future.succeededFuture();
        }
        BlobRef b = queue.next();
        return download(b).transform(ar -> {
            if (ar.failed()) {
                if (first[0] == null) {
                    first[0] = ar.cause();
                }
                return Future.succeededFuture();
            }
            return lane(queue, first);
        });
    }

    /** Streams one blob into tmp/, checking it on the way; only a complete, matching file moves into blobs/. */
    private Future<Void> download(BlobRef b) {
        Path part = store.partFile(b);
        return vertx.fileSystem().open(part.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
                .compose(file -> streamInto(b, file).transform(ar -> file.close().transform(closed -> {
                    if (ar.failed()) {
                        return Future.<Void>failedFuture(ar.cause());
                    }
                    return closed.succeeded() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(closed.cause());
                })))
                .compose(v -> vertx.executeBlocking(() -> {
                    store.installBlob(part, b);
                    return (Void) null;
                }, false))
                .recover(t -> vertx.executeBlocking(() -> {
                    StateStore.deleteQuietly(part);
                    return (Void) null;
                }, false).transform(x -> Future.<Void>failedFuture(t)));
    }

    private Future<Void> streamInto(BlobRef b, AsyncFile file) {
        URI url = config.blobUrl(b.sha256());
        BlobCheck check = new BlobCheck(b);
        return client.request(get(url)).compose(HttpClientRequest::send).compose(resp -> {
            if (resp.statusCode() != 200) {
                abandon(resp);
                return Future.failedFuture(new TransportFault("the origin answered HTTP " + resp.statusCode() + " for " + url));
            }
            long announced = contentLength(resp);
            if (announced > b.size()) {
                abandon(resp);
                return Future.failedFuture(new Rejection(Reason.BLOB_TOO_LARGE, "the origin announces " + announced
                        + " bytes for blob " + b.sha256() + "; the playlist names " + b.size()));
            }
            Promise<Void> p = Promise.promise();
            resp.exceptionHandler(p::tryFail);
            resp.handler(buf -> {
                if (p.future().isComplete()) {
                    return;
                }
                try {
                    check.update(buf.getBytes(), 0, buf.length());
                } catch (Rejection r) {
                    // An endless or oversized body: stop reading now, never write past the named size.
                    p.tryFail(r);
                    abandon(resp);
                    return;
                }
                file.write(buf).onFailure(p::tryFail);
                if (file.writeQueueFull()) {
                    resp.pause();
                    file.drainHandler(v -> resp.resume());
                }
            });
            resp.endHandler(v -> {
                try {
                    check.finish();
                    p.tryComplete();
                } catch (Rejection r) {
                    p.tryFail(r);
                }
            });
            return p.future();
        }).recover(t -> Future.failedFuture(withUrl(t, url)));
    }

    private static long contentLength(HttpClientResponse resp) {
        String cl = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (cl == null) {
            return -1;
        }
        try {
            return Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Stops reading a response whose body is not wanted; the connection is closed, not reused. */
    private static void abandon(HttpClientResponse resp) {
        resp.exceptionHandler(t -> { });
        resp.handler(b -> { });
        resp.request().reset();
    }

    /** Names the URL in a transport error; rejections and already-described faults pass through. */
    private static Throwable withUrl(Throwable t, URI url) {
        if (t instanceof Rejection || t instanceof TransportFault) {
            return t;
        }
        TransportFault f = new TransportFault("cannot fetch " + url + ": " + describe(t));
        f.initCause(t);
        return f;
    }

    private static String describe(Throwable t) {
        if (t instanceof TransportFault) {
            return t.getMessage();
        }
        String m = t.getMessage();
        String what = t.getClass().getSimpleName();
        return m == null || m.isBlank() ? what : what + ": " + m;
    }
}
