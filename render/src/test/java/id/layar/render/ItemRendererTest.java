package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemRendererTest {
    static final int W = 96;
    static final int H = 48;

    /** An in-memory blob store that counts how often each blob is opened. */
    static final class CountingBlobs implements BlobSource {
        final Map<String, byte[]> blobs = new HashMap<>();
        final Map<String, Integer> opens = new HashMap<>();

        BlobRef add(byte[] bytes) {
            BlobRef ref = new BlobRef(sha256(bytes), bytes.length, "image/png");
            blobs.put(ref.sha256(), bytes);
            return ref;
        }

        @Override
        public InputStream open(BlobRef blob) throws IOException {
            opens.merge(blob.sha256(), 1, Integer::sum);
            byte[] bytes = blobs.get(blob.sha256());
            if (bytes == null) {
                throw new FileNotFoundException(blob.relativePath());
            }
            return new ByteArrayInputStream(bytes);
        }

        int opens(BlobRef blob) {
            return opens.getOrDefault(blob.sha256(), 0);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static Item still(String id, BlobRef blob) {
        return new Item(id, "Judul " + id, ItemKind.STILL, blob, 10_000, Priority.NORMAL, Rules.ALWAYS, 0);
    }

    static Item ticker(String id, BlobRef blob, int speed) {
        return new Item(id, "Judul " + id, ItemKind.TICKER, blob, 10_000, Priority.NORMAL, Rules.ALWAYS, speed);
    }

    @Test
    void stillRendersExactlyTheDecodedPng() throws IOException {
        CountingBlobs blobs = new CountingBlobs();
        Frame picture = PngTest.noise(W, H, 21);
        Item item = still("akta-online", blobs.add(Png.encode(picture)));
        Frame target = new Frame(W, H);
        new ItemRenderer(blobs, W, H).render(item, 1234, target);
        assertTrue(picture.samePixels(target));
    }

    @Test
    void stillOfTheWrongSizeFailsNamingItemBlobAndBothSizes() {
        CountingBlobs blobs = new CountingBlobs();
        BlobRef blob = blobs.add(Png.encode(new Frame(100, 50)));
        Item item = still("salah-ukuran", blob);
        IOException e = assertThrows(IOException.class,
                () -> new ItemRenderer(blobs, W, H).render(item, 0, new Frame(W, H)));
        String m = e.getMessage();
        assertTrue(m.contains("salah-ukuran") && m.contains(blob.sha256()) && m.contains("100x50")
                && m.contains(W + "x" + H), m);
    }

    @Test
    void aStillRenderedAHundredTimesIsOpenedOnce() throws IOException {
        CountingBlobs blobs = new CountingBlobs();
        BlobRef blob = blobs.add(Png.encode(PngTest.noise(W, H, 22)));
        Item item = still("sekali", blob);
        ItemRenderer renderer = new ItemRenderer(blobs, W, H);
        Frame target = new Frame(W, H);
        for (int i = 0; i < 100; i++) {
            renderer.render(item, i * 33L, target);
        }
        assertEquals(1, blobs.opens(blob));
    }

    @Test
    void cacheKeepsTheFourMostRecentlyUsedBlobs() throws IOException {
        CountingBlobs blobs = new CountingBlobs();
        Item[] items = new Item[5];
        for (int i = 0; i < items.length; i++) {
            items[i] = still("item-" + i, blobs.add(Png.encode(PngTest.noise(W, H, 100 + i))));
        }
        ItemRenderer renderer = new ItemRenderer(blobs, W, H);
        Frame target = new Frame(W, H);
        for (int i = 0; i < 4; i++) {
            renderer.render(items[i], 0, target);
        }
        renderer.render(items[0], 0, target);          // 0 is now the most recent; 1 the least
        renderer.render(items[4], 0, target);          // evicts 1
        assertEquals(4, renderer.cachedBlobs());
        renderer.render(items[0], 0, target);
        renderer.render(items[2], 0, target);
        renderer.render(items[3], 0, target);
        renderer.render(items[4], 0, target);
        assertEquals(1, blobs.opens(items[0].blob()));
        assertEquals(1, blobs.opens(items[4].blob()));
        renderer.render(items[1], 0, target);
        assertEquals(2, blobs.opens(items[1].blob()), "the least recently used blob was evicted");
    }

    @Test
    void tickerComposesTheDecodedStripAtTheItemsSpeed() throws IOException {
        CountingBlobs blobs = new CountingBlobs();
        Frame strip = TickerRenderer.strip("Pengaduan: SMS/WA 0812-0000-0000", W, H, SlideStyle.DEFAULT);
        Item item = ticker("pengaduan", blobs.add(Png.encode(strip)), 120);
        ItemRenderer renderer = new ItemRenderer(blobs, W, H);
        Frame expected = new Frame(W, H);
        Frame target = new Frame(W, H);
        for (long t : new long[] {0, 250, 1000, 2500, 9999}) {
            TickerRenderer.compose(strip, t, 120, expected);
            renderer.render(item, t, target);
            assertTrue(expected.samePixels(target), "at " + t + " ms");
        }
        assertEquals(1, blobs.opens(item.blob()));
    }

    @Test
    void tickerStripOfAnotherHeightFailsNamingTheItem() {
        CountingBlobs blobs = new CountingBlobs();
        Item item = ticker("pendek", blobs.add(Png.encode(new Frame(500, H / 2))), 60);
        IOException e = assertThrows(IOException.class,
                () -> new ItemRenderer(blobs, W, H).render(item, 0, new Frame(W, H)));
        assertTrue(e.getMessage().contains("pendek") && e.getMessage().contains("500x" + H / 2), e.getMessage());
    }

    @Test
    void corruptOrShortBlobFailsWithAnIoExceptionNamingTheItem() {
        CountingBlobs blobs = new CountingBlobs();
        byte[] png = Png.encode(new Frame(W, H));
        BlobRef real = blobs.add(png);
        // The store holds fewer bytes than the playlist promises.
        BlobRef longer = new BlobRef(real.sha256(), png.length + 10, "image/png");
        IOException shortBlob = assertThrows(IOException.class,
                () -> new ItemRenderer(blobs, W, H).render(still("kurang", longer), 0, new Frame(W, H)));
        assertTrue(shortBlob.getMessage().contains("kurang") && shortBlob.getMessage().contains(png.length + " bytes"),
                shortBlob.getMessage());

        BlobRef garbage = blobs.add("bukan gambar".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        IOException notPng = assertThrows(IOException.class,
                () -> new ItemRenderer(blobs, W, H).render(still("rusak", garbage), 0, new Frame(W, H)));
        assertTrue(notPng.getMessage().contains("rusak") && notPng.getMessage().contains("not a PNG"),
                notPng.getMessage());
    }

    @Test
    void renderingACachedStillAllocatesNothing() throws IOException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CountingBlobs blobs = new CountingBlobs();
        Item item = still("panas", blobs.add(Png.encode(PngTest.noise(768, 384, 23))));
        ItemRenderer renderer = new ItemRenderer(blobs, 768, 384);
        Frame target = new Frame(768, 384);
        for (int i = 0; i < 2000; i++) {
            renderer.render(item, i, target);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            renderer.render(item, i, target);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1000, "1000 frames allocated " + allocated + " bytes");
    }
}
