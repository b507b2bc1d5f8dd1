package id.layar.agent.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Small blocking HTTP GETs for the technician commands (not the agent loop): a bounded body, a timeout, redirects
 * followed. A body larger than the limit is refused, so a wrong URL cannot fill memory.
 */
final class Fetch {
    /** Envelopes (root.json, playlist.json) are at most 4 MiB; the parser refuses more anyway. */
    static final int MAX_DOCUMENT = 4 * 1024 * 1024;

    record Response(int status, byte[] body) {
    }

    private final HttpClient client;
    private final Duration timeout;

    Fetch(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** GETs {@code uri}; the body is read only for 200 and cut at {@code maxBytes} (more is an IOException). */
    Response get(URI uri, int maxBytes) throws IOException {
        return get(uri, maxBytes, null);
    }

    /** As {@link #get(URI, int)}, with {@code Authorization: Bearer <token>} when a token is given (the agent's API). */
    Response get(URI uri, int maxBytes, String bearer) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "layar-signage-agent-ops");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpRequest req = b.GET().build();
        HttpResponse<InputStream> r;
        try {
            r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                return new Response(r.statusCode(), new byte[0]);
            }
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new IOException(uri + " is larger than " + maxBytes + " bytes; is it the right URL?");
            }
            return new Response(200, body);
        }
    }

    /** A one-line reason for a failed request: the exception's own words, or its class when it has none. */
    static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.http.HttpConnectTimeoutException || e instanceof java.net.http.HttpTimeoutException) {
            return "timed out" + (m == null ? "" : " (" + m + ")");
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused" + (m == null ? "" : " (" + m + ")");
        }
        if (e.getCause() instanceof java.nio.channels.UnresolvedAddressException || e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
