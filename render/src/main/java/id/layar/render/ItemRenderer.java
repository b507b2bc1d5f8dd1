package id.layar.render;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders an item at a time offset into a frame of the panel's size. {@link #render} is called from ONE thread (the
 * player); {@link #prepare} may be called from another (a worker, so that opening the next video stays off the
 * player's frame deadline). The packager's preview uses this class too, so what staff preview is what the wall
 * shows.
 *
 * <ul>
 *   <li>{@code STILL}: the decoded PNG blob, which must be exactly the panel's size.</li>
 *   <li>{@code TICKER}: {@link TickerRenderer#compose} of the decoded strip at the item's speed.</li>
 *   <li>{@code VIDEO}: frame {@code floor(ms * fps / 1000) mod frameCount} of the MP4 blob (at the panel's size),
 *       decoded with FFmpeg; frames a late caller asks past are dropped, never played late.</li>
 *   <li>{@code CLOCK}: the face blob ({@link ClockRenderer}) with the time and date at the wall-clock instant in
 *       this renderer's zone, redrawn once a second.</li>
 * </ul>
 *
 * <p>Decoded PNG blobs are cached by SHA-256, least recently used first out, at most {@value #MAX_ENTRIES}
 * entries and {@value #MAX_CACHED_PIXELS} pixels in all (the most recent one is always kept), so a still is
 * decoded once per showing, not once per frame, and a few long ticker strips cannot exhaust a small heap. Once a
 * blob is cached, {@link #render} allocates nothing for stills and tickers.
 *
 * <p>Video keeps at most two decoders open: the one playing and the one {@link #prepare}d for the next item,
 * each with one converted picture. {@link #close} releases them (and any temporary copy of a blob).
 */
public final class ItemRenderer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ItemRenderer.class);
    /** Most decoded blobs kept. */
    public static final int MAX_ENTRIES = 4;
    /** Most decoded pixels kept (4 bytes each: 64 MiB). */
    public static final long MAX_CACHED_PIXELS = 16L * 1024 * 1024;

    private final BlobSource blobs;
    private final int width;
    private final int height;
    private final ZoneId zone;
    /** Guards what {@link #prepare} hands to {@link #render}: the caches and the prepared decoder. */
    private final Object lock = new Object();
    /** One {@link #prepare} at a time. */
    private final Object preparing = new Object();
    private final LinkedHashMap<String, Frame> cache = new LinkedHashMap<>(8, 0.75f, true);
    private long cachedPixels;

    /** The decoder playing: the render thread's own. */
    private VideoDecoder video;
    private VideoDecoder preparedVideo;
    private final java.util.concurrent.atomic.AtomicInteger decodersOpened = new java.util.concurrent.atomic.AtomicInteger();

    private final LinkedHashMap<String, ClockRenderer.Face> faces = new LinkedHashMap<>(4, 0.75f, true);
    private ClockRenderer.Canvas canvas;
    private String drawnFace;
    private long drawnSecond;

    /** A renderer whose clock items show the JVM's default time zone. */
    public ItemRenderer(BlobSource blobs, int width, int height) {
        this(blobs, width, height, ZoneId.systemDefault());
    }

    /**
     * @param zone the zone clock items show (the playlist's {@code timezone})
     */
    public ItemRenderer(BlobSource blobs, int width, int height, ZoneId zone) {
        if (blobs == null) {
            throw new IllegalArgumentException("blob source must be set");
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("panel must be at least 1x1; found " + width + "x" + height);
        }
        if (zone == null) {
            throw new IllegalArgumentException("time zone must be set");
        }
        this.blobs = blobs;
        this.width = width;
        this.height = height;
        this.zone = zone;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * Draws {@code item} as it looks {@code millisIntoItem} after its showing began into {@code target}
     * (which must be the panel's size). A clock item shows the system clock's time; use
     * {@link #render(Item, long, Instant, Frame)} to give the wall-clock instant.
     *
     * @throws IOException if the blob cannot be read, is not a PNG (an MP4 for video), or has the wrong size for
     *                     its kind; the message names the item, the blob and the sizes
     */
    public void render(Item item, long millisIntoItem, Frame target) throws IOException {
        render(item, millisIntoItem, null, target);
    }

    /**
     * Draws {@code item} as it looks {@code millisIntoItem} after its showing began, at the wall-clock instant
     * {@code now} (what a clock item shows; null for the system clock), into {@code target}.
     *
     * @throws IOException as {@link #render(Item, long, Frame)}
     */
    public void render(Item item, long millisIntoItem, Instant now, Frame target) throws IOException {
        if (target.width() != width || target.height() != height) {
            throw new IllegalArgumentException("target frame is " + target.sizeText() + " but this renderer is for "
                    + width + "x" + height);
        }
        switch (item.kind()) {
            case STILL -> {
                Frame decoded = decoded(item);
                if (decoded.width() != width || decoded.height() != height) {
                    throw new IOException(describe(item) + " is " + decoded.sizeText() + " but the panel is "
                            + width + "x" + height + "; a still must be exactly the panel's size (re-package it"
                            + " for this channel)");
                }
                target.copyFrom(decoded);
            }
            case TICKER -> {
                Frame decoded = decoded(item);
                if (decoded.height() != height) {
                    throw new IOException(describe(item) + " is a " + decoded.sizeText() + " ticker strip but the"
                            + " panel is " + width + "x" + height + "; a strip must be as tall as the panel");
                }
                TickerRenderer.compose(decoded, millisIntoItem, item.speedPxPerS(), target);
            }
            case VIDEO -> renderVideo(item, millisIntoItem, target);
            case CLOCK -> renderClock(item, now != null ? now : Instant.now(), target);
            default -> throw new IOException("item '" + item.id() + "': kind " + item.kind().wireName()
                    + " is not supported by this renderer");
        }
    }

    /**
     * Gets {@code next} ready ahead of its showing, so the switch to it costs no frame: a video is opened and
     * its first frame decoded (kept until that item is rendered, or until another item is prepared); a still,
     * strip or clock face is decoded into the cache. Call it when the current showing nears its end (a second
     * ahead is plenty), from the player thread or, better, from a worker thread: opening a video and decoding
     * its first frame takes from a few to a few dozen milliseconds, which the player's frame need not wait for.
     *
     * @throws IOException as {@link #render(Item, long, Frame)}: the item would fail to draw anyway
     */
    public void prepare(Item next) throws IOException {
        synchronized (preparing) {
            switch (next.kind()) {
                case STILL, TICKER -> decoded(next);
                case CLOCK -> face(next);
                case VIDEO -> {
                    String sha = next.blob().sha256();
                    synchronized (lock) {
                        if (preparedVideo != null && preparedVideo.sha256().equals(sha) && preparedVideo.position() == 0) {
                            return;
                        }
                    }
                    VideoDecoder d = open(next);
                    try {
                        d.show(0, null);
                    } catch (IOException | RuntimeException e) {
                        d.close();
                        throw e;
                    }
                    VideoDecoder old;
                    synchronized (lock) {
                        old = preparedVideo;
                        preparedVideo = d;
                    }
                    if (old != null) {
                        old.close();
                    }
                }
                default -> {
                    // nothing to prepare for a kind this renderer does not draw; render() reports it
                }
            }
        }
    }

    /** How many decoded blobs are cached (for status and tests). */
    public int cachedBlobs() {
        synchronized (lock) {
            return cache.size();
        }
    }

    /** How many video decoders this renderer has opened so far (for status and tests). */
    public int decodersOpened() {
        return decodersOpened.get();
    }

    /**
     * Releases the video decoders, their temporary copies and the caches. Call it from the render thread (or once
     * it has stopped) when the renderer is replaced; the renderer may be used again.
     */
    @Override
    public void close() {
        if (video != null) {
            video.close();
            video = null;
        }
        VideoDecoder prepared;
        synchronized (lock) {
            prepared = preparedVideo;
            preparedVideo = null;
            cache.clear();
            cachedPixels = 0;
            faces.clear();
        }
        if (prepared != null) {
            prepared.close();
        }
        drawnFace = null;
    }

    // ---- video ----

    private void renderVideo(Item item, long millis, Frame target) throws IOException {
        String sha = item.blob().sha256();
        if (video != null && video.sha256().equals(sha)) {
            if (video.behind(video.frameAt(millis))) {
                // The same video again from the start (its next showing): a prepared decoder needs no seek.
                VideoDecoder prepared = takePrepared(sha);
                if (prepared != null) {
                    use(prepared);
                }
            }
        } else {
            VideoDecoder prepared = takePrepared(sha);
            use(prepared != null ? prepared : open(item));
        }
        video.show(video.frameAt(millis), target);
    }

    private VideoDecoder takePrepared(String sha) {
        synchronized (lock) {
            VideoDecoder p = preparedVideo;
            if (p != null && p.sha256().equals(sha)) {
                preparedVideo = null;
                return p;
            }
            return null;
        }
    }

    private void use(VideoDecoder d) {
        if (video != null && video != d) {
            video.close();
        }
        video = d;
    }

    private VideoDecoder open(Item item) throws IOException {
        BlobRef blob = item.blob();
        long started = System.nanoTime();
        Path file = blobs.path(blob);
        Path temporary = null;
        if (file != null) {
            long size = Files.size(file);
            if (size != blob.size()) {
                throw new IOException(describe(item) + " has " + size + " bytes but the playlist says " + blob.size());
            }
        } else {
            temporary = Files.createTempFile("layar-video-", ".mp4");
            try {
                copy(item, temporary);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temporary);
                throw e;
            }
            file = temporary;
        }
        VideoDecoder d = VideoDecoder.open(blob.sha256(), describe(item), file, temporary, width, height);
        decodersOpened.incrementAndGet();
        log.debug("opened {} in {} ms", describe(item), (System.nanoTime() - started) / 1_000_000);
        return d;
    }

    /** Copies the blob to {@code file}, refusing more or fewer bytes than the playlist names. */
    private void copy(Item item, Path file) throws IOException {
        BlobRef blob = item.blob();
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = blobs.open(blob); OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > blob.size()) {
                    throw new IOException(describe(item) + " has more than the " + blob.size() + " bytes the playlist says");
                }
                out.write(buf, 0, n);
            }
        }
        if (total != blob.size()) {
            throw new IOException(describe(item) + " has " + total + " bytes but the playlist says " + blob.size());
        }
    }

    // ---- clock ----

    private void renderClock(Item item, Instant now, Frame target) throws IOException {
        ClockRenderer.Face face = face(item);
        if (face.background().width() != width || face.background().height() != height) {
            throw new IOException(describe(item) + " is a " + face.background().sizeText() + " clock face but the panel is "
                    + width + "x" + height + "; the face must be exactly the panel's size (re-package it for this channel)");
        }
        long second = now.getEpochSecond();
        String sha = item.blob().sha256();
        if (canvas == null) {
            canvas = new ClockRenderer.Canvas(width, height);
        }
        if (!sha.equals(drawnFace) || second != drawnSecond) {
            String[] lines = ClockRenderer.lines(Instant.ofEpochSecond(second), zone);
            canvas.draw(face, lines[0], lines[1]);
            drawnFace = sha;
            drawnSecond = second;
        }
        target.copyFrom(canvas.frame);
    }

    private ClockRenderer.Face face(Item item) throws IOException {
        String sha = item.blob().sha256();
        synchronized (lock) {
            ClockRenderer.Face f = faces.get(sha);
            if (f != null) {
                return f;
            }
        }
        ClockRenderer.Face f;
        try {
            f = ClockRenderer.readFace(read(item));
        } catch (IllegalArgumentException e) {
            throw new IOException(describe(item) + ": " + e.getMessage(), e);
        }
        synchronized (lock) {
            faces.put(sha, f);
            if (faces.size() > 2) {
                Iterator<String> eldest = faces.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        return f;
    }

    // ---- PNG blobs ----

    private Frame decoded(Item item) throws IOException {
        BlobRef blob = item.blob();
        synchronized (lock) {
            Frame f = cache.get(blob.sha256());
            if (f != null) {
                return f;
            }
        }
        long started = System.nanoTime();
        Frame f = decode(item);
        log.debug("decoded {} ({}) in {} ms", describe(item), f.sizeText(), (System.nanoTime() - started) / 1_000_000);
        synchronized (lock) {
            if (cache.put(blob.sha256(), f) == null) {
                cachedPixels += (long) f.width() * f.height();
            }
            Iterator<Map.Entry<String, Frame>> eldest = cache.entrySet().iterator();
            while (cache.size() > 1 && (cache.size() > MAX_ENTRIES || cachedPixels > MAX_CACHED_PIXELS)) {
                Frame gone = eldest.next().getValue();
                eldest.remove();
                cachedPixels -= (long) gone.width() * gone.height();
            }
        }
        return f;
    }

    private Frame decode(Item item) throws IOException {
        byte[] bytes = read(item);
        try {
            return Png.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(describe(item) + ": " + e.getMessage(), e);
        }
    }

    private byte[] read(Item item) throws IOException {
        BlobRef blob = item.blob();
        if (blob.size() > Integer.MAX_VALUE - 8) {
            throw new IOException(describe(item) + " is " + blob.size() + " bytes, too large to decode");
        }
        byte[] bytes;
        try (InputStream in = blobs.open(blob)) {
            // One byte more than promised reveals a longer file without reading all of it.
            bytes = in.readNBytes((int) blob.size() + 1);
        }
        if (bytes.length != blob.size()) {
            throw new IOException(describe(item) + " has " + (bytes.length > blob.size() ? "more than " : "")
                    + bytes.length + " bytes but the playlist says " + blob.size());
        }
        return bytes;
    }

    private static String describe(Item item) {
        return "item '" + item.id() + "' blob sha256:" + item.blob().sha256();
    }
}
