package id.layar.agent;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A bundle in a folder: a USB stick at a site without a network, or a packager's output. The same layout as an
 * origin ({@code roots/}, {@code channels/<channel>/playlist.json}, {@code blobs/sha256/<hex>}). Paths never
 * leave the folder.
 */
final class DirectorySource implements Source {
    private final Vertx vertx;
    private final Path root;

    DirectorySource(Vertx vertx, Path root) {
        this.vertx = vertx;
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    @Override
    public Future<Fetch> fetch(Request r) {
        Path file = root.resolve(r.path()).normalize();
        String where = file.toString();
        if (!file.startsWith(root)) {
            return Future.failedFuture(new Syncer.TransportFault(r.path() + " is outside the bundle folder " + root));
        }
        return vertx.executeBlocking(() -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(file)
                ? Files.size(file) : -1L, false).compose(size -> {
            if (size < 0) {
                return Future.succeededFuture(Fetch.empty(Status.NOT_FOUND, where, null));
            }
            long from = Math.min(r.from(), size);
            return vertx.fileSystem().open(where, new OpenOptions().setRead(true).setWrite(false).setCreate(false))
                    .map(file1 -> {
                        AsyncFile f = file1;
                        f.pause();
                        f.setReadPos(from);
                        return new Fetch(Status.OK, where, from, size - from, null, f, () -> f.close());
                    });
        }).recover(t -> Future.failedFuture(Syncer.withWhere(t, where)));
    }
}
