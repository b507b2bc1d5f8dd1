package id.layar.agent;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bundle on an HTTP origin (any static server, CDN or object store). GET only; a partial download is
 * resumed with {@code Range: bytes=N-}; a 206 reports where its body starts from its {@code Content-Range}.
 * Status codes other than 200, 206, 304 and 404/410 are transport faults.
 */
final class HttpSource implements Source {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+([0-9]{1,19})-([0-9]{1,19})/([0-9]{1,19}|\\*)");
    /** A 404 page larger than this is not read to the end; the connection is dropped instead. */
    private static final int DISCARD_LIMIT = 16 * 1024;

    private final URI base;
    private final HttpClientAgent client;
    private final Duration idle;

    HttpSource(URI base, HttpClientAgent client, Duration idle) {
        this.base = base;
        this.client = client;
        this.idle = idle;
    }

    @Override
    public Future<Fetch> fetch(Request r) {
        URI url = base.resolve(r.path());
        String where = url.toString();
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(where)
                .setIdleTimeout(idle.toMillis()).setFollowRedirects(true);
        if (r.ifNoneMatch() != null) {
            ro.putHeader(HttpHeaders.IF_NONE_MATCH, r.ifNoneMatch());
        }
        if (r.from() > 0) {
            ro.putHeader("Range", "bytes=" + r.from() + "-");
        }
        return client.request(ro).compose(HttpClientRequest::send).compose(resp -> {
            resp.pause();
            int code = resp.statusCode();
            switch (code) {
                case 200:
                    return Future.succeededFuture(new Fetch(Status.OK, where, 0, contentLength(resp),
                            resp.getHeader(HttpHeaders.ETAG), resp, () -> abandon(resp)));
                case 206:
                    return Future.succeededFuture(new Fetch(Status.OK, where, rangeStart(resp, r.from()), contentLength(resp),
                            resp.getHeader(HttpHeaders.ETAG), resp, () -> abandon(resp)));
                case 304:
                    if (r.ifNoneMatch() != null) {
                        discard(resp);
                        return Future.succeededFuture(Fetch.empty(Status.NOT_MODIFIED, where, r.ifNoneMatch()));
                    }
                    break;
                case 404:
                case 410:
                    discard(resp);
                    return Future.succeededFuture(Fetch.empty(Status.NOT_FOUND, where, null));
                default:
                    break;
            }
            abandon(resp);
            return Future.failedFuture(new Syncer.TransportFault("the origin answered HTTP " + code + " for " + where));
        }).recover(t -> Future.failedFuture(Syncer.withWhere(t, where)));
    }

    /** Where a 206 body starts, from {@code Content-Range: bytes N-M/T}; -1 when it says something else. */
    private static long rangeStart(HttpClientResponse resp, long asked) {
        String cr = resp.getHeader("Content-Range");
        if (cr == null) {
            return -1;
        }
        Matcher m = CONTENT_RANGE.matcher(cr.trim());
        if (!m.matches()) {
            return -1;
        }
        long start = Long.parseLong(m.group(1));
        return start == asked ? start : -1;
    }

    static long contentLength(HttpClientResponse resp) {
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

    /** Reads a small unwanted body to keep the connection; a large or endless one drops the connection. */
    private static void discard(HttpClientResponse resp) {
        long[] seen = new long[1];
        resp.exceptionHandler(t -> { });
        resp.handler(b -> {
            seen[0] += b.length();
            if (seen[0] > DISCARD_LIMIT) {
                abandon(resp);
            }
        });
        resp.resume();
    }

    /** Stops reading a response whose body is not wanted; the connection is closed, not reused. */
    static void abandon(HttpClientResponse resp) {
        try {
            resp.exceptionHandler(t -> { });
            resp.handler(b -> { });
            resp.endHandler(v -> { });
        } catch (IllegalStateException e) {
            // Already ended or failed: nothing more will arrive.
        }
        resp.request().reset();
    }
}
