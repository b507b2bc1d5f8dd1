package id.layar.packager.preview;

import id.layar.playlist.BlobRef;
import id.layar.render.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The blobs of a bundle folder, as files ({@code blobs/sha256/<hex>}). */
public record BundleBlobs(Path bundle) implements BlobSource {
    @Override
    public InputStream open(BlobRef blob) throws IOException {
        return Files.newInputStream(path(blob));
    }

    @Override
    public Path path(BlobRef blob) {
        return bundle.resolve(blob.relativePath());
    }
}
