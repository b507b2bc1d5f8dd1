package id.layar.agent;

import id.layar.playlist.BlobCheck;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Rejection;
import id.layar.playlist.Rejection.Reason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fetches blobs into {@code tmp/<hex>.part}, checking size and SHA-256 while they stream, and moves each complete,
 * matching file into blobs/. At most {@code download.parallel} at once, each under a {@link Watchdog}. A download
 * cut by the network stays in tmp/ and is resumed at the next cycle with {@code Range: bytes=N-} after re-hashing
 * what is on disk; only a 206 that starts at N is accepted, anything else restarts from 0. A part is never resumed
 * for another named size, and never past the named size. Runs on the event loop that calls it; hashing, fsync and
 * renames go to workers.
 */
final class Downloader {
    /** The source answered a range that does not continue the part: start the blob again from byte 0. */
    private static final class RestartFromZero extends Exception {
        RestartFromZero() {
            super(null, null, false, false);
        }
    }

    /** The card refused a write (full, read-only, failing). */
    static final class DiskFault extends java.io.IOException {
        DiskFault(String doing, Path file, Throwable cause) {
            super((StateStore.isDiskFull(cause) ? "storage full: the card has no space left while " : "cannot write to the card while ")
                    + doing + " (" + file + ": " + cause.getMessage() + "); "
                    + (StateStore.isDiskFull(cause) ? "free space on the card or lower quota" : "check the state folder and the card"), cause);
        }
    }

    private final Vertx vertx;
    private final StateStore store;
    private final AgentConfig.Download policy;
    /** Partial downloads that may be resumed: SHA-256 to the size the playlist named when they started. */
    private final Map<String, Long> parts = new HashMap<>();

    Downloader(Vertx vertx, StateStore store, AgentConfig.Download policy) {
        this.vertx = vertx;
        this.store = store;
        this.policy = policy;
    }

    /** The partial downloads that may be resumed (a copy, for planning on a worker). */
    Map<String, Long> resumable() {
        return Map.copyOf(parts);
    }

    /** Forgets partial downloads other than these (their files were deleted). */
    void keepOnly(Set<String> sha256s) {
        parts.keySet().retainAll(sha256s);
    }

    /** Downloads blobs on up to {@code download.parallel} lanes; after the first failure no new download starts. */
    Future<Void> downloadAll(Source source, List<BlobRef> blobs) {
        Iterator<BlobRef> queue = blobs.iterator();
        Throwable[] first = new Throwable[1];
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(policy.parallel(), blobs.size()); i++) {
            lanes.add(lane(source, queue, first));
        }
        // join, not all: wait for every lane to finish (and clean up) before reporting.
        return Future.join(lanes).transform(ar -> first[0] == null ? Future.succeededFuture() : Future.failedFuture(first[0]));
    }

    private Future<Void> lane(Source source, Iterator<BlobRef> queue, Throwable[] first) {
        if (first[0] != null || !queue.hasNext()) {
            return Future.succeededFuture();
        }
        BlobRef b = queue.next();
        return download(source, b).transform(ar -> {
            if (ar.failed()) {
                if (first[0] == null) {
                    first[0] = ar.cause();
                }
                return Future.succeededFuture();
            }
            return lane(source, queue, first);
        });
    }

    /** One blob: resume or start, stream and check, install; cleans up according to whose fault a failure was. */
    Future<Void> download(Source source, BlobRef b) {
        Path part = store.partFile(b);
        Long named = parts.get(b.sha256());
        boolean resume = named != null && named == b.size();
        return vertx.executeBlocking(() -> {
            if (resume) {
                long len = store.partLength(b);
                if (len == 0) {
                    return new BlobCheck(b);
                }
                if (len > 0 && len <= b.size()) {
                    return store.rehashPart(b);
                }
            }
            StateStore.deleteQuietly(part);
            return new BlobCheck(b);
        }, false).compose(check -> {
            parts.put(b.sha256(), b.size());
            return transfer(source, b, check, part).recover(t -> {
                if (!(t instanceof RestartFromZero)) {
                    return Future.failedFuture(t);
                }
                return vertx.executeBlocking(() -> {
                    StateStore.deleteQuietly(part);
                    return new BlobCheck(b);
                }, false).compose(fresh -> transfer(source, b, fresh, part)).recover(t2 -> Future.failedFuture(
                        t2 instanceof RestartFromZero ? new Syncer.TransportFault("the source answered the blob " + b.sha256()
                                + " from an unexpected offset twice") : t2));
            });
        }).compose(v -> vertx.executeBlocking(() -> {
            try {
                store.installBlob(part, b);
            } catch (java.io.IOException e) {
                throw new DiskFault("storing blob " + b.sha256(), part, e);
            }
            return (Void) null;
        }, false)).onSuccess(v -> parts.remove(b.sha256())).recover(t -> {
            if (t instanceof Syncer.TransportFault) {
                // The network's fault: keep what arrived and resume it at the next cycle.
                return Future.failedFuture(t);
            }
            parts.remove(b.sha256());
            return vertx.executeBlocking(() -> {
                StateStore.deleteQuietly(part);
                return (Void) null;
            }, false).transform(x -> Future.<Void>failedFuture(t));
        });
    }

    /** Streams the rest of a blob (from {@code check.count()}) into its part file. */
    private Future<Void> transfer(Source source, BlobRef b, BlobCheck check, Path part) {
        long from = check.count();
        if (from == b.size()) {
            try {
                check.finish();
                return Future.succeededFuture();
            } catch (Rejection r) {
                return Future.failedFuture(r);
            }
        }
        OpenOptions opts = new OpenOptions().setWrite(true).setCreate(true).setRead(false).setTruncateExisting(from == 0);
        return vertx.fileSystem().open(part.toString(), opts)
                .recover(t -> Future.failedFuture(new DiskFault("opening a download of blob " + b.sha256(), part, t)))
                .compose(file -> {
                    file.setWritePos(from);
                    return stream(source, b, check, file, part).transform(ar -> file.close().transform(closed -> {
                        if (ar.failed()) {
                            return Future.<Void>failedFuture(ar.cause());
                        }
                        return closed.succeeded() ? Future.<Void>succeededFuture()
                                : Future.<Void>failedFuture(new DiskFault("writing blob " + b.sha256(), part, closed.cause()));
                    }));
                });
    }

    private Future<Void> stream(Source source, BlobRef b, BlobCheck check, AsyncFile file, Path part) {
        long from = check.count();
        Promise<Void> done = Promise.promise();
        Watchdog dog = new Watchdog(vertx, policy, policy.deadline(b.size() - from), "the download of blob " + b.sha256());
        dog.tripped().onFailure(done::tryFail);
        source.fetch(new Source.Request(b.relativePath(), from, null)).onComplete(ar -> {
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
            if (f.status() == Source.Status.NOT_FOUND) {
                done.tryFail(new Syncer.TransportFault("the source has no blob " + b.sha256() + " at " + f.where()
                        + " (not found); publish the whole bundle"));
                return;
            }
            if (f.status() != Source.Status.OK) {
                done.tryFail(new Syncer.TransportFault("unexpected answer " + f.status() + " for " + f.where()));
                return;
            }
            if (f.start() != from) {
                f.cancel().run();
                done.tryFail(new RestartFromZero());
                return;
            }
            if (f.length() >= 0 && from + f.length() > b.size()) {
                f.cancel().run();
                done.tryFail(new Rejection(Reason.BLOB_TOO_LARGE, "the source announces " + (from + f.length())
                        + " bytes for blob " + b.sha256() + " at " + f.where() + "; the playlist names " + b.size()));
                return;
            }
            pump(f, dog, check, file, part, done);
        });
        return done.future().onComplete(x -> dog.stop());
    }

    private static void pump(Source.Fetch f, Watchdog dog, BlobCheck check, AsyncFile file, Path part, Promise<Void> done) {
        ReadStream<Buffer> body = f.body();
        // Writes complete in order: the body is done only when the last write is on its way to the card.
        @SuppressWarnings("unchecked")
        Future<Void>[] lastWrite = new Future[] {Future.succeededFuture()};
        body.exceptionHandler(t -> {
            if (done.tryFail(Syncer.withWhere(t, f.where()))) {
                f.cancel().run();
            }
        });
        body.handler(buf -> {
            if (done.future().isComplete()) {
                return;
            }
            dog.received(buf.length());
            try {
                check.update(buf.getBytes(), 0, buf.length());
            } catch (Rejection r) {
                // An endless or oversized body: stop reading now, never write past the named size.
                done.tryFail(r);
                f.cancel().run();
                return;
            }
            lastWrite[0] = file.write(buf).onFailure(t -> {
                if (done.tryFail(new DiskFault("writing a download", part, t))) {
                    f.cancel().run();
                }
            });
            if (file.writeQueueFull()) {
                body.pause();
                file.drainHandler(v -> body.resume());
            }
        });
        body.endHandler(v -> {
            try {
                check.finish();
            } catch (Rejection r) {
                done.tryFail(r);
                return;
            }
            lastWrite[0].onSuccess(x -> done.tryComplete());
        });
        body.resume();
    }
}
