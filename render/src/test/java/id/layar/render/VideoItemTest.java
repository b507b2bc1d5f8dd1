package id.layar.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VIDEO items: paced by the clock, looped, skipping forward, from a store with files or without. */
class VideoItemTest {
    static final int W = 96;
    static final int H = 48;
    static final int FPS = 25;
    static final int FRAMES = 32;
    static byte[] clip;
    static List<Frame> reference;

    @BeforeAll
    static void makeClip() {
        clip = TestVideos.mp4(W, H, FPS, FRAMES, i -> TestVideos.moving(W, H, i));
        reference = TestVideos.decodeAll(clip);
        assertEquals(FRAMES, reference.size());
    }

    static Item video(String id, BlobRef blob, long durationMs) {
        return new Item(id, "Video " + id, ItemKind.VIDEO, blob, durationMs, Priority.NORMAL, Rules.ALWAYS, 0);
    }

    /** The frame the clock asks for: floor(ms * fps / 1000) mod frameCount. */
    static Frame expected(long ms) {
        return reference.get((int) (ms * FPS / 1000 % FRAMES));
    }

    @Test
    void framesFollowTheClockSkipForwardAndLoop() throws IOException {
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        Item item = video("iklan", blobs.add(clip), 20_000);
        try (ItemRenderer renderer = new ItemRenderer(blobs, W, H)) {
            Frame target = new Frame(W, H);
            // In order at the wall's pace, a late player jumping ahead, past the end (loops), and back (a new showing).
            long[] moments = {0, 39, 40, 41, 79, 80, 500, 501, 1279, 1280, 1300, 2600, 2599, 40, 0, 12_345, 19_999};
            for (long ms : moments) {
                renderer.render(item, ms, target);
                assertTrue(expected(ms).samePixels(target), "at " + ms + " ms: frame " + (ms * FPS / 1000 % FRAMES));
            }
            assertEquals(1, renderer.decodersOpened(), "one decoder for the whole showing, seeking to loop");
        }
    }

    @Test
    void everyFrameAtTheWallsPaceMatchesTheReference() throws IOException {
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        Item item = video("urut", blobs.add(clip), 5_000);
        try (ItemRenderer renderer = new ItemRenderer(blobs, W, H)) {
            Frame target = new Frame(W, H);
            for (long ms = 0; ms < 3_000; ms += 1000 / 30) {
                renderer.render(item, ms, target);
                assertTrue(expected(ms).samePixels(target), "at " + ms + " ms");
            }
        }
    }

    @Test
    void aStoreWithFilesIsReadInPlaceAndACopyIsMadeOtherwise(@TempDir Path tmp) throws IOException {
        ItemRendererTest.CountingBlobs memory = new ItemRendererTest.CountingBlobs();
        BlobRef blob = memory.add(clip);
        Path file = Files.write(tmp.resolve(blob.sha256()), clip);
        BlobSource files = new BlobSource() {
            @Override
            public java.io.InputStream open(BlobRef b) throws IOException {
                throw new AssertionError("a store with files is not streamed");
            }

            @Override
            public Path path(BlobRef b) {
                return file;
            }
        };
        Frame target = new Frame(W, H);
        try (ItemRenderer renderer = new ItemRenderer(files, W, H)) {
            renderer.render(video("berkas", blob, 5_000), 400, target);
            assertTrue(expected(400).samePixels(target));
        }
        long before = temporaryCopies();
        ItemRenderer renderer = new ItemRenderer(memory, W, H);
        renderer.render(video("salinan", blob, 5_000), 400, target);
        assertTrue(expected(400).samePixels(target));
        assertEquals(before + 1, temporaryCopies(), "a temporary copy while it plays");
        renderer.close();
        assertEquals(before, temporaryCopies(), "closing the renderer deletes the copy");
    }

    static long temporaryCopies() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("layar-video-")).count();
        }
    }

    @Test
    void aVideoOfAnotherSizeFailsNamingTheItemAndBothSizes() {
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        BlobRef blob = blobs.add(clip);
        IOException e = assertThrows(IOException.class,
                () -> new ItemRenderer(blobs, 64, 32).render(video("salah-ukuran", blob, 5_000), 0, new Frame(64, 32)));
        String m = e.getMessage();
        assertTrue(m.contains("salah-ukuran") && m.contains(blob.sha256()) && m.contains(W + "x" + H) && m.contains("64x32"), m);
    }

    @Test
    void aCorruptVideoFailsNamingTheItemAndWhatFfmpegSaid() {
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        byte[] junk = new byte[4096];
        new Random(7).nextBytes(junk);
        BlobRef truncated = blobs.add(java.util.Arrays.copyOf(clip, clip.length / 2));
        BlobRef random = blobs.add(junk);
        for (BlobRef blob : List.of(truncated, random)) {
            IOException e = assertThrows(IOException.class,
                    () -> new ItemRenderer(blobs, W, H).render(video("rusak", blob, 5_000), 0, new Frame(W, H)));
            String m = e.getMessage();
            assertTrue(m.contains("rusak") && m.contains(blob.sha256()) && m.contains("Invalid data found when processing input"), m);
        }
        assertEquals(0, countTemporaryCopiesQuietly() - baseline, "no copies left behind by failures");
    }

    private static long baseline = countTemporaryCopiesQuietly();

    private static long countTemporaryCopiesQuietly() {
        try {
            return temporaryCopies();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void playingAllocatesNoPicturePerFrame() throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int w = 320;
        int h = 160;
        byte[] big = TestVideos.mp4(w, h, 30, 60, i -> TestVideos.moving(w, h, i));
        ItemRendererTest.CountingBlobs blobs = new ItemRendererTest.CountingBlobs();
        Item item = video("hemat", blobs.add(big), 60_000);
        try (ItemRenderer renderer = new ItemRenderer(blobs, w, h)) {
            Frame target = new Frame(w, h);
            for (int i = 0; i < 120; i++) {
                renderer.render(item, i * 1000L / 30, target);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            int frames = 300;
            for (int i = 120; i < 120 + frames; i++) {
                renderer.render(item, i * 1000L / 30, target);
            }
            long perFrame = (threads.getCurrentThreadAllocatedBytes() - before) / frames;
            // A picture would be w * h * 4 = 204800 bytes; what is left is JavaCV's small pointer objects.
            assertTrue(perFrame < 4096, perFrame + " bytes allocated per frame");
            assertFalse(TestVideos.black(target));
        }
    }
}
