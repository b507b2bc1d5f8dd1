package id.layar.agent;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Where a bundle comes from, as one method (python-tuf's fetcher port): an HTTP origin for a network pull
 * ({@link HttpSource}) or a folder for a bundle on a USB stick ({@link DirectorySource}). Everything above it
 * (verification, blob checks, storage and commit) is the same code for both.
 */
interface Source {
    /**
     * Opens one file of the bundle. The body is not read yet: the caller reads it (with back-pressure) or
     * {@link Fetch#cancel() cancels} it.
     *
     * @return a fetch; fails with a {@link Syncer.TransportFault} when the source cannot answer with content
     */
    Future<Fetch> fetch(Request request);

    /**
     * @param path        below the bundle's root, like {@code channels/simpang-lima/playlist.json}; never from the network
     * @param from        the first byte wanted (0 for all; more to resume a partial download)
     * @param ifNoneMatch an entity tag from an earlier fetch, or null
     */
    record Request(String path, long from, String ifNoneMatch) {
        static Request whole(String path) {
            return new Request(path, 0, null);
        }
    }

    /** What a fetch opened. */
    enum Status {
        /** Content follows (from {@link Fetch#start()}). */
        OK,
        /** The entity tag still matches: nothing changed. */
        NOT_MODIFIED,
        /** The source does not have this path (for roots: no newer root). */
        NOT_FOUND
    }

    /**
     * An opened file.
     *
     * @param where  the URL or file name, for messages
     * @param start  the offset of the body's first byte: {@code request.from()} for a partial answer, 0 for a whole
     *               one, -1 when the source answered a range it was not asked for
     * @param length how many bytes the body announces, -1 when it does not say
     * @param etag   the entity tag, or null
     * @param body   the bytes (null unless {@link Status#OK}); paused until a handler is set
     * @param cancel stops the transfer and releases the connection or file (idempotent)
     */
    record Fetch(Status status, String where, long start, long length, String etag, ReadStream<Buffer> body, Runnable cancel) {
        static Fetch empty(Status status, String where, String etag) {
            return new Fetch(status, where, 0, 0, etag, null, () -> { });
        }
    }
}
