package id.layar.packager.serve;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An embedded origin for a pilot site: serves a bundle folder read-only over HTTP, the way nginx or a CDN
 * would at scale. GET and HEAD only; {@code .json} as {@code application/json}, everything else as
 * {@code application/octet-stream}; a strong ETag (the SHA-256 of the content) with {@code If-None-Match} giving
 * 304; single byte ranges (206) so a device can resume a blob download. No directory listings, no hidden
 * files, no symbolic links out of the bundle, no {@code ..}: anything but a regular file inside the bundle is
 * 404. File access runs off the event loop.
 */
public final class Origin {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final HttpServer server;
    private final Path root;
    private final Map<String, CachedTag> etags = new ConcurrentHashMap<>();
    private final Consumer<String> accessLog;

    private record CachedTag(Object fileKey, long size, long modified, String etag) {
    }

    private record FileInfo(Path file, long size, String etag, long modified) {
    }

    private Origin(HttpServer server, Path root, Consumer<String> accessLog) {
        this.server = server;
        this.root = root;
        this.accessLog = accessLog;
    }

    /** Starts serving {@code bundle} on {@code host:port} (port 0: any free port, see {@link #port()}). */
    public static Future<Origin> start(Vertx vertx, Path bundle, String host, int port) {
        return start(vertx, bundle, host, port, line -> { });
    }

    /** As {@link #start(Vertx, Path, String, int)}, with one line per request to {@code accessLog}. */
    public static Future<Origin> start(Vertx vertx, Path bundle, String host, int port, Consumer<String> accessLog) {
        Path root;
        try {
            root = bundle.toRealPath();
        } catch (IOException e) {
            return Future.failedFuture(new IOException("cannot serve " + bundle + ": no such folder", e));
        }
        if (!Files.isDirectory(root)) {
            return Future.failedFuture(new IOException("cannot serve " + bundle + ": not a folder"));
        }
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false));
        Origin origin = new Origin(server, root, accessLog);
        Router router = Router.router(vertx);
        router.route().handler(ctx -> origin.handle(vertx, ctx));
        return server.requestHandler(router).listen(port, host).map(s -> origin);
    }

    /** The port actually bound. */
    public int port() {
        return server.actualPort();
    }

    public Future<Void> stop() {
        return server.close();
    }

    private void handle(Vertx vertx, RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse res = ctx.response();
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            res.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            finish(req, res.setStatusCode(405), null);
            return;
        }
        String rawPath = req.path();
        vertx.executeBlocking(() -> resolve(rawPath), false).onComplete(ar -> {
            if (ar.failed() || ar.result() == null) {
                finish(req, res.setStatusCode(404), null);
            } else {
                serve(req, res, ar.result());
            }
        });
    }

    /** The regular file inside the bundle that a request path names, or null. */
    private FileInfo resolve(String rawPath) throws IOException {
        if (rawPath == null || !rawPath.startsWith("/") || rawPath.length() > 512) {
            return null;
        }
        Path file = root;
        for (String encoded : rawPath.substring(1).split("/", -1)) {
            String segment;
            try {
                segment = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
            // Rejects "", ".", "..", hidden names, encoded slashes and anything else unusual.
            if (!SEGMENT.matcher(segment).matches()) {
                return null;
            }
            file = file.resolve(segment);
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
        if (!attrs.isRegularFile() || !file.toRealPath().startsWith(root)) {
            return null; // folders (no listing), symbolic links, devices
        }
        long modified = attrs.lastModifiedTime().toMillis();
        String key = file.toString();
        CachedTag cached = etags.get(key);
        // The inode is part of the key: a rebuilt bundle is swapped in as new files, often of the same size.
        if (cached == null || !java.util.Objects.equals(cached.fileKey(), attrs.fileKey()) || cached.size() != attrs.size()
                || cached.modified() != modified) {
            cached = new CachedTag(attrs.fileKey(), attrs.size(), modified, "\"" + sha256(file) + "\"");
            etags.put(key, cached);
        }
        return new FileInfo(file, attrs.size(), cached.etag(), modified);
    }

    private void serve(HttpServerRequest req, HttpServerResponse res, FileInfo f) {
        String name = f.file().getFileName().toString();
        res.putHeader(HttpHeaders.CONTENT_TYPE, name.endsWith(".json") ? "application/json" : "application/octet-stream");
        res.putHeader(HttpHeaders.ETAG, f.etag());
        res.putHeader(HttpHeaders.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.Instant.ofEpochMilli(f.modified()).atZone(ZoneOffset.UTC)));
        res.putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        // Blobs are content-addressed and never change; playlists and the root must be revalidated every time.
        res.putHeader(HttpHeaders.CACHE_CONTROL, name.endsWith(".json") ? "no-cache" : "public, max-age=31536000, immutable");
        if (matches(req.getHeader(HttpHeaders.IF_NONE_MATCH), f.etag())) {
            finish(req, res.setStatusCode(304), null);
            return;
        }
        long offset = 0;
        long length = f.size();
        String range = req.getHeader("Range");
        String ifRange = req.getHeader("If-Range");
        if (range != null && (ifRange == null || ifRange.equals(f.etag()))) {
            long[] r = range(range, f.size());
            if (r == null) {
                res.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + f.size());
                finish(req, res.setStatusCode(416), null);
                return;
            }
            if (r.length == 2) {
                offset = r[0];
                length = r[1];
                res.setStatusCode(206);
                res.putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + offset + "-" + (offset + length - 1) + "/" + f.size());
            }
        }
        res.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
        if (req.method() == HttpMethod.HEAD) {
            finish(req, res, null);
            return;
        }
        long n = length;
        res.sendFile(f.file().toString(), offset, length).onComplete(ar -> log(req, res.getStatusCode(), n));
    }

    private void finish(HttpServerRequest req, HttpServerResponse res, String body) {
        res.end(body == null ? "" : body);
        log(req, res.getStatusCode(), 0);
    }

    private void log(HttpServerRequest req, int status, long bytes) {
        accessLog.accept(req.method() + " " + req.path() + " " + status + (bytes > 0 ? " " + bytes : ""));
    }

    /** A byte range {offset, length}; an empty array for "ignore the header"; null when unsatisfiable. */
    static long[] range(String header, long size) {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new long[0]; // multiple ranges or another unit: send it all
        }
        try {
            long start;
            long end;
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    return null;
                }
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                if (m.group(2).length() > 0 && Long.parseLong(m.group(2)) < start) {
                    return new long[0];
                }
            }
            if (start >= size) {
                return null;
            }
            return new long[]{start, end - start + 1};
        } catch (NumberFormatException e) {
            return new long[0];
        }
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
