package id.layar.render;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders an item at a time offset into a frame of the panel's size. Used from ONE thread (the player).
 *
 * <ul>
 *   <li>{@code STILL}: the decoded PNG blob, which must be exactly the panel's size.</li>
 *   <li>{@code TICKER}: {@link TickerRenderer#compose} of the decoded strip at the item's speed.</li>
 * </ul>
 *
 * <p>Decoded blobs are cached by SHA-256, least recently used first out, at most {@value #MAX_ENTRIES} entries
 * and {@value #MAX_CACHED_PIXELS} pixels in all (the most recent one is always kept), so a still is decoded
 * once per showing, not once per frame, and a few long ticker strips cannot exhaust a small heap. Once a blob
 * is cached, {@link #render} allocates nothing.
 */
public final class ItemRenderer {
    private static final Logger log = LoggerFactory.getLogger(ItemRenderer.class);
    /** Most decoded blobs kept. */
    public static final int MAX_ENTRIES = 4;
    /** Most decoded pixels kept (4 bytes each: 64 MiB). */
    public static final long MAX_CACHED_PIXELS = 16L * 1024 * 1024;

    private final BlobSource blobs;
    private final int width;
    private final int height;
    private final LinkedHashMap<String, Frame> cache = new LinkedHashMap<>(8, 0.75f, true);
    private long cachedPixels;

    public ItemRenderer(BlobSource blobs, int width, int height) {
        if (blobs == null) {
            throw new IllegalArgumentException("blob source must be set");
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("panel must be at least 1x1; found " + width + "x" + height);
        }
        this.blobs = blobs;
        this.width = width;
        this.height = height;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Draws {@code item} as it looks {@code millisIntoItem} after its showing began into {@code target}
     * (which must be the panel's size).
     *
     * @throws IOException if the blob cannot be read, is not a PNG, or has the wrong size for its kind; the
     *                     message names the item, the blob and the sizes
     */
    public void render(Item item, long millisIntoItem, Frame target) throws IOException {
        if (target.width() != width || target.height() != height) {
            throw new IllegalArgumentException("target frame is " + target.sizeText() + " but this renderer is for "
                    + width + "x" + height);
        }
        Frame decoded = decoded(item);
        switch (item.kind()) {
            case STILL -> {
                if (decoded.width() != width || decoded.height() != height) {
                    throw new IOException(describe(item) + " is " + decoded.sizeText() + " but the panel is "
                            + width + "x" + height + "; a still must be exactly the panel's size (re-package it"
                            + " for this channel)");
                }
                target.copyFrom(decoded);
            }
            case TICKER -> {
                if (decoded.height() != height) {
                    throw new IOException(describe(item) + " is a " + decoded.sizeText() + " ticker strip but the"
                            + " panel is " + width + "x" + height + "; a strip must be as tall as the panel");
                }
                TickerRenderer.compose(decoded, millisIntoItem, item.speedPxPerS(), target);
            }
            default -> throw new IOException("item '" + item.id() + "': kind " + item.kind().wireName()
                    + " is not supported by this renderer");
        }
    }

    /** How many decoded blobs are cached (for status and tests). */
    public int cachedBlobs() {
        return cache.size();
    }

    private Frame decoded(Item item) throws IOException {
        BlobRef blob = item.blob();
        Frame f = cache.get(blob.sha256());
        if (f != null) {
            return f;
        }
        long started = System.nanoTime();
        f = decode(item);
        log.debug("decoded {} ({}) in {} ms", describe(item), f.sizeText(), (System.nanoTime() - started) / 1_000_000);
        cache.put(blob.sha256(), f);
        cachedPixels += (long) f.width() * f.height();
        Iterator<Map.Entry<String, Frame>> eldest = cache.entrySet().iterator();
        while (cache.size() > 1 && (cache.size() > MAX_ENTRIES || cachedPixels > MAX_CACHED_PIXELS)) {
            Frame gone = eldest.next().getValue();
            eldest.remove();
            cachedPixels -= (long) gone.width() * gone.height();
        }
        return f;
    }

    private Frame decode(Item item) throws IOException {
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
        try {
            return Png.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException(describe(item) + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Item item) {
        return "item '" + item.id() + "' blob sha256:" + item.blob().sha256();
    }
}
