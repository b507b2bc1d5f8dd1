package id.layar.agent.telemetry;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns "channel updated" messages into calls of {@code onNotify}: the first at once, then at most one per
 * {@link #COALESCE_MS} (a burst ends in one trailing call). The content is untrusted: it is only logged, shortened and
 * with control characters replaced ({@link #preview}). Event loop only.
 */
final class NotifyGate {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyGate.class);
    /** onNotify is called at most once per this many milliseconds. */
    static final long COALESCE_MS = 250;
    /** How much of a notification's content is logged. */
    static final int LOG_CHARS = 120;

    private final Vertx vertx;
    private final String channel;
    private final String broker;
    private final Runnable onNotify;
    private boolean calledOnce;
    private long lastCallNanos;
    private long timer = -1;
    private boolean closed;

    NotifyGate(Vertx vertx, String channel, String broker, Runnable onNotify) {
        this.vertx = vertx;
        this.channel = channel;
        this.broker = broker;
        this.onNotify = onNotify;
    }

    /** A notification arrived with this payload. */
    void received(byte[] payload) {
        String content = preview(payload);
        if (closed) {
            return;
        }
        if (timer != -1) {
            LOG.debug("Channel {} notification ({}) folded into the sync already due", channel, content);
            return;
        }
        long waitMs = calledOnce ? COALESCE_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCallNanos) : 0;
        if (waitMs <= 0) {
            call(content);
        } else {
            timer = vertx.setTimer(waitMs, id -> {
                timer = -1;
                call(content);
            });
        }
    }

    /** No more calls (a trailing one due is dropped). */
    void close() {
        closed = true;
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void call(String content) {
        if (closed) {
            return;
        }
        calledOnce = true;
        lastCallNanos = System.nanoTime();
        LOG.info("Channel {} was updated (broker {} says: {}); syncing now", channel, broker, content);
        try {
            onNotify.run();
        } catch (RuntimeException e) {
            LOG.error("The sync triggered by a notification failed to start: {}", e.toString(), e);
        }
    }

    /** At most {@link #LOG_CHARS} characters of untrusted bytes, control characters replaced: safe to log. */
    static String preview(byte[] bytes) {
        int n = Math.min(bytes.length, LOG_CHARS * 4);
        String s = new String(bytes, 0, n, StandardCharsets.UTF_8);
        boolean cut = n < bytes.length || s.codePointCount(0, s.length()) > LOG_CHARS;
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(LOG_CHARS).forEach(cp -> {
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || cp == 0xFFFD) {
                b.append('?');
            } else {
                b.appendCodePoint(cp);
            }
        });
        if (cut) {
            b.append("... (").append(bytes.length).append(" bytes)");
        }
        return "'" + b + "'";
    }
}
