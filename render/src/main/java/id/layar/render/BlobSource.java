package id.layar.render;

import id.layar.playlist.BlobRef;
import java.io.IOException;
import java.io.InputStream;

/** Where a renderer reads blobs: the device's verified store, the packager's bundle, or memory in tests. */
public interface BlobSource {
    /** The blob's bytes; the caller closes the stream. */
    InputStream open(BlobRef blob) throws IOException;
}
