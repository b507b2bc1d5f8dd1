package id.layar.agent;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Json;
import id.layar.playlist.Rejection;
import id.layar.playlist.Rejection.Reason;
import id.layar.playlist.TrustedRoot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One update from a {@link Source}, the same for a network pull and a USB import (python-tuf's Updater):
 * <pre>
 *   roots/{v+1}.json, {v+2}.json, … until not found ─► rotate (worker) ─► state/root.json atomically
 *   playlist (If-None-Match) ─► verify (worker) ─► plan: re-check stored blobs, quota, evict (worker)
 *   ─► fetch missing blobs ({@link Downloader}) ─► playlist.json then trust.json atomically ─► swap what plays
 * </pre>
 * Content that fails a trust rule is {@link SyncOutcome.Kind#REJECTED REJECTED}; a transport or storage fault is
 * {@link SyncOutcome.Kind#FAILED FAILED}. Either way what played keeps playing. Runs on one event loop; everything
 * blocking goes to a worker.
 */
final class Updater {
    private static final Logger LOG = LoggerFactory.getLogger(Updater.class);
    /** Most root rotations walked in one cycle (as python-tuf): a chain longer than this waits for the next. */
    static final int MAX_ROTATIONS = 32;
    /** Signed documents are small; the deadline for one assumes at most this much at the minimum rate. */
    private static final long DOCUMENT_DEADLINE_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final AgentConfig config;
    private final StateStore store;
    private final AgentState state;
    private final TrustedClock clock;
    private final Downloader downloader;
    /** The ETag of the last playlist body that needs no second look; touched only on the event loop. */
    private String etag;

    Updater(Vertx vertx, AgentConfig config, StateStore store, AgentState state, TrustedClock clock) {
        this.vertx = vertx;
        this.config = config;
        this.store = store;
        this.state = state;
        this.clock = clock;
        this.downloader = new Downloader(vertx, store, config.download());
    }

    /** One cycle; never fails: every ending is an outcome, also recorded as the last sync in status. */
    Future<SyncOutcome> cycle(Source source) {
        Fetched[] fetched = new Fetched[1];
        // Started inside compose so that even a synchronous throw ends as an outcome, never a stuck cycle.
        return Future.succeededFuture().compose(x -> rotateRoots(source, 0))
                .compose(x -> fetchPlaylist(source))
                .compose(f -> {
                    fetched[0] = f;
                    if (f.bytes() == null) {
                        return Future.succeededFuture(outcome(SyncOutcome.Kind.UNCHANGED, "the origin answered 304 Not Modified"));
                    }
                    return verify(f.bytes()).compose(v -> adopt(source, v));
                })
                .map(o -> new Ended(o, null))
                .recover(t -> Future.succeededFuture(ended(t)))
                .map(e -> {
                    rememberEtag(e, fetched[0]);
                    state.lastSync = new StatusSnapshot.LastSync(clock.systemNow(), e.outcome().kind(), e.outcome().detail());
                    return e.outcome();
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
            state.lastRejection = new StatusSnapshot.LastRejection(clock.systemNow(), r.reason().wireName(), r.getMessage());
            return new Ended(outcome(SyncOutcome.Kind.REJECTED, r.describe()), r.reason());
        }
        if (!(t instanceof IOException)) {
            LOG.debug("sync cycle failed", t);
        }
        return new Ended(outcome(SyncOutcome.Kind.FAILED, Syncer.describe(t)), null);
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
        etag = keep ? f.etag() : null;
    }

    // ---- documents ----

    private record Document(Source.Status status, String where, byte[] bytes, String etag) {
    }

    /** Reads a whole signed document, refusing it the moment it exceeds the size limit; under a watchdog. */
    private Future<Document> readDocument(Source source, Source.Request req, String what) {
        int max = Json.MAX_DOCUMENT_BYTES;
        Promise<Document> done = Promise.promise();
        Watchdog dog = new Watchdog(vertx, config.download(), config.download().deadline(DOCUMENT_DEADLINE_BYTES),
                "the download of " + what);
        dog.tripped().onFailure(done::tryFail);
        source.fetch(req).onComplete(ar -> {
            if (ar.failed()) {
                done.tryFail(ar.cause());
                return;
            }
            Source.Fetch f = ar.result();
            dog.opened(f.cancel());
            if (done.future().isComplete()) {
                f.cancel().run();
                return;
            }
            if (f.status() != Source.Status.OK) {
                done.tryComplete(new Document(f.status(), f.where(), null, f.etag()));
                return;
            }
            if (f.length() > max) {
                f.cancel().run();
                done.tryFail(new Rejection(Reason.OVERSIZED, "the source announces a " + f.length() + "-byte " + what
                        + " at " + f.where() + "; the limit is " + max));
                return;
            }
            Buffer body = Buffer.buffer();
            ReadStream<Buffer> in = f.body();
            in.exceptionHandler(t -> {
                if (done.tryFail(Syncer.withWhere(t, f.where()))) {
                    f.cancel().run();
                }
            });
            in.handler(chunk -> {
                if (done.future().isComplete()) {
                    return;
                }
                dog.received(chunk.length());
                if ((long) body.length() + chunk.length() > max) {
                    done.tryFail(new Rejection(Reason.OVERSIZED, "the " + what + " at " + f.where() + " exceeds " + max + " bytes"));
                    f.cancel().run();
                } else {
                    body.appendBuffer(chunk);
                }
            });
            in.endHandler(v -> done.tryComplete(new Document(Source.Status.OK, f.where(), body.getBytes(), f.etag())));
            in.resume();
        });
        return done.future().onComplete(x -> dog.stop());
    }

    // ---- root rotation (rule 6) ----

    /** Walks roots/{v+1}.json, {v+2}.json, … through {@link TrustedRoot#rotate} until the source has no newer one. */
    private Future<Void> rotateRoots(Source source, int step) {
        if (step >= MAX_ROTATIONS) {
            return Future.succeededFuture();
        }
        TrustedRoot current = state.root;
        long next = current.root().version() + 1;
        String path = "roots/" + next + ".json";
        return readDocument(source, Source.Request.whole(path), "root version " + next).compose(doc -> {
            if (doc.status() == Source.Status.NOT_FOUND) {
                return Future.succeededFuture();
            }
            if (doc.status() != Source.Status.OK) {
                return Future.failedFuture(new Syncer.TransportFault("unexpected answer " + doc.status() + " for " + doc.where()));
            }
            return vertx.executeBlocking(() -> rotate(current, doc), false).compose(r -> {
                state.root = r.root();
                etag = null;
                TrustedRoot.Verified playing = state.accepted.get();
                if (playing != null && r.stillTrusted() == null) {
                    state.accepted.set(null);
                    state.problem = r.revoked();
                    LOG.warn("{}", r.revoked());
                }
                if (state.stored != null && r.storedStillTrusted() == null) {
                    state.stored = null;
                }
                LOG.info("trusted root rotated to version {} ({})", r.root().root().version(), doc.where());
                return rotateRoots(source, step + 1);
            });
        });
    }

    private record Rotation(TrustedRoot root, TrustedRoot.Verified stillTrusted, TrustedRoot.Verified storedStillTrusted, String revoked) {
    }

    private Rotation rotate(TrustedRoot current, Document doc) throws Rejection, IOException {
        TrustedRoot rotated;
        try {
            rotated = current.rotate(doc.bytes(), clock.instant());
        } catch (Rejection r) {
            throw new Rejection(r.reason(), "the new root " + doc.where() + " was refused (root version "
                    + current.root().version() + " stays trusted): " + r.getMessage(), r);
        }
        try {
            store.saveRoot(rotated);
        } catch (IOException e) {
            throw new Downloader.DiskFault("saving the root version " + rotated.root().version(), store.rootFile(), e);
        }
        // Keys the new root does not list can no longer sign anything, including what plays now.
        TrustedRoot.Verified playing = state.accepted.get();
        TrustedRoot.Verified still = null;
        String revoked = null;
        if (playing != null) {
            try {
                still = rotated.verifyStored(playing.envelopeBytes(), config.channel());
            } catch (Rejection r) {
                revoked = "the playing playlist version " + playing.playlist().version() + " is not signed by keys the new"
                        + " root version " + rotated.root().version() + " trusts (" + r.describe() + "); the wall is black"
                        + " until the origin offers a playlist signed by the new keys";
            }
        }
        TrustedRoot.Verified stored = state.stored;
        TrustedRoot.Verified storedStill = null;
        if (stored != null) {
            try {
                storedStill = rotated.verifyStored(stored.envelopeBytes(), config.channel());
            } catch (Rejection r) {
                storedStill = null;
            }
        }
        return new Rotation(rotated, still, storedStill, revoked);
    }

    // ---- the playlist ----

    private Future<Fetched> fetchPlaylist(Source source) {
        String sent = etag;
        return readDocument(source, new Source.Request(config.playlistPath(), 0, sent), "playlist").compose(doc -> switch (doc.status()) {
            case OK -> Future.succeededFuture(new Fetched(doc.bytes(), doc.etag()));
            case NOT_MODIFIED -> Future.succeededFuture(new Fetched(null, sent));
            case NOT_FOUND -> Future.failedFuture(new Syncer.TransportFault("the source has no playlist for channel "
                    + config.channel() + " at " + doc.where() + " (not found); publish the channel or check origin and channel"));
        });
    }

    private Future<TrustedRoot.Verified> verify(byte[] bytes) {
        TrustedRoot root = state.root;
        long floor = state.floorVersion();
        // Signature checks are CPU work: keep them off the event loop.
        return vertx.executeBlocking(() -> root.verifyPlaylist(bytes, config.channel(), floor, clock.instant()), false);
    }

    /** After verification: a no-op for the version already playing, otherwise fetch blobs and commit. */
    private Future<SyncOutcome> adopt(Source source, TrustedRoot.Verified v) {
        long version = v.playlist().version();
        TrustedRoot.Verified current = state.accepted.get();
        if (current != null && current.playlist().version() == version) {
            return Future.succeededFuture(outcome(SyncOutcome.Kind.UNCHANGED, "version " + version + " is already playing"));
        }
        Map<String, Long> resumable = downloader.resumable();
        return vertx.executeBlocking(() -> plan(v, resumable), false)
                .compose(plan -> {
                    downloader.keepOnly(plan.resumed());
                    return downloader.downloadAll(source, plan.missing()).map(plan);
                })
                .compose(plan -> vertx.executeBlocking(() -> {
                    StateStore.Trust trust = state.trust.accept(v.playlist().issued(), version);
                    try {
                        store.commit(v.envelopeBytes(), trust);
                    } catch (IOException e) {
                        throw new Downloader.DiskFault("committing the playlist version " + version, store.playlistFile(), e);
                    }
                    state.storage = storage();
                    return trust;
                }, false).map(trust -> {
                    state.trust = trust;
                    clock.raise(trust.floor());
                    state.accepted.set(v);
                    state.stored = v;
                    state.problem = null;
                    return new SyncOutcome(SyncOutcome.Kind.ACCEPTED, version, "version " + version + " with "
                            + v.playlist().items().size() + " item(s) now plays (" + plan.missing().size() + " blob(s) downloaded, "
                            + AgentConfig.formatSize(plan.need()) + ")");
                }));
    }

    /**
     * @param missing blobs to download
     * @param resumed the SHA-256 of partial downloads kept for resuming
     * @param need    the bytes still to download
     */
    private record Plan(List<BlobRef> missing, Set<String> resumed, long need) {
    }

    /**
     * Blocking: re-checks the blobs already stored that the playing playlist does not name (only matching bytes are
     * ever used), drops partial downloads that are not wanted or were started for another size, and makes room within
     * the quota by evicting blobs that no accepted playlist names. Fails with {@link StateStore.StorageFull} before anything is written.
     */
    private Plan plan(TrustedRoot.Verified v, Map<String, Long> resumable) throws IOException {
        Map<String, BlobRef> wanted = StateStore.distinctBlobs(v);
        // Blobs of the playlist on the wall were checked when it was accepted or at boot; others only when installed,
        // perhaps long ago on an ageing card: those are hashed again before a new playlist may use them.
        Map<String, BlobRef> playing = StateStore.distinctBlobs(state.accepted.get());
        List<BlobRef> missing = new ArrayList<>();
        for (BlobRef b : wanted.values()) {
            if (Files.isRegularFile(store.blobFile(b))) {
                try {
                    if (playing.containsKey(b.sha256()) && store.hasBlob(b)) {
                        continue;
                    }
                    store.checkBlob(b);
                    continue;
                } catch (Rejection | IOException e) {
                    LOG.warn("stored blob {} fails its check ({}); fetching it again", b.sha256(), e.getMessage());
                    StateStore.deleteQuietly(store.blobFile(b));
                }
            }
            missing.add(b);
        }
        Set<String> resumed = new HashSet<>();
        for (BlobRef b : missing) {
            if (Objects.equals(resumable.get(b.sha256()), b.size())) {
                resumed.add(b.sha256());
            }
        }
        store.deletePartsExcept(resumed);
        long need = 0;
        for (BlobRef b : missing) {
            long part = resumed.contains(b.sha256()) ? Math.max(0, store.partLength(b)) : 0;
            need += Math.max(0, b.size() - part);
        }
        long have = available();
        if (need > have) {
            Set<String> keep = new HashSet<>(wanted.keySet());
            keep.addAll(StateStore.distinctBlobs(state.accepted.get()).keySet());
            keep.addAll(StateStore.distinctBlobs(state.stored).keySet());
            store.evict(keep, need - have);
            have = available();
            if (need > have) {
                state.storage = storage();
                throw new StateStore.StorageFull(need, have);
            }
        }
        return new Plan(missing, resumed, need);
    }

    /** Bytes that may still be written: what the quota leaves, and never more than the file system has. */
    private long available() throws IOException {
        long quota = store.quotaBytes(config.quota(), AgentConfig.AUTO_QUOTA_PERCENT);
        return Math.min(quota - store.usedBytes(), store.usableBytes());
    }

    /** Blocking: the storage figures for status. */
    StatusSnapshot.Storage storage() {
        try {
            return new StatusSnapshot.Storage(store.usedBytes(), store.quotaBytes(config.quota(), AgentConfig.AUTO_QUOTA_PERCENT),
                    store.usableBytes());
        } catch (IOException e) {
            return null;
        }
    }
}
