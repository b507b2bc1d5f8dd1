package id.layar.render;

import id.layar.playlist.BlobRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Where a renderer reads blobs: the device's verified store, the packager's bundle, or memory in tests. */
public interface BlobSource {
    /** The blob's bytes; the caller closes the stream. */
    InputStream open(BlobRef blob) throws IOException;

    /**
     * The file that holds the blob's bytes, when the store keeps blobs as files (the device's store, a bundle),
     * else null. Video is decoded straight from this file; without one the renderer copies the blob to a
     * temporary file first (once per showing), so a store with files should say where they are.
     */
    default Path path(BlobRef blob) {
        return null;
    }
}
