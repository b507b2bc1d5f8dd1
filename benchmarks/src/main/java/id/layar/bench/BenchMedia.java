package id.layar.bench;

import id.layar.packager.preview.Mp4Writer;
import id.layar.render.Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Test media made on the spot (nothing committed): frames with texture and motion, so the encoder and decoder have
 * real work (a flat synthetic picture would make decoding nearly free and flatter every ratio), encoded the way
 * the packager encodes (libopenh264, yuv420p, GOP = fps).
 */
final class BenchMedia {
    private BenchMedia() {
    }

    /** A frame of a scene that pans across a textured field, with a moving disc and a gradient that shifts. */
    static Frame scene(int w, int h, int i, int[] texture, int textureW, int textureH) {
        Frame f = new Frame(w, h);
        int[] px = f.pixels();
        int pan = i * 3;
        int cx = (i * 7) % w;
        int cy = h / 2 + (int) (h / 4 * Math.sin(i / 10.0));
        int r2 = (h / 6) * (h / 6);
        for (int y = 0; y < h; y++) {
            int ty = (y * textureH / h) % textureH;
            for (int x = 0; x < w; x++) {
                int t = texture[ty * textureW + (x * textureW / w + pan) % textureW];
                int g = (x + i * 2) * 255 / (w + 1) & 0xFF;
                int p = (t & 0xFEFEFE) / 2 + ((g << 16 | (255 - g) << 8 | 128) & 0xFEFEFE) / 2;
                int dx = x - cx;
                int dy = y - cy;
                px[y * w + x] = dx * dx + dy * dy < r2 ? 0xFFFFE040 : 0xFF000000 | p;
            }
        }
        return f;
    }

    static int[] texture(int w, int h, long seed) {
        Random r = new Random(seed);
        int[] t = new int[w * h];
        for (int by = 0; by < h; by += 8) {
            for (int bx = 0; bx < w; bx += 8) {
                int c = r.nextInt(0x1000000);
                for (int y = by; y < Math.min(h, by + 8); y++) {
                    for (int x = bx; x < Math.min(w, bx + 8); x++) {
                        t[y * w + x] = c ^ (r.nextInt(32) * 0x010101);
                    }
                }
            }
        }
        return t;
    }

    /** Writes {@code seconds} of the scene at {@code w x h} and {@code fps}. */
    static void clip(Path file, int w, int h, int fps, int seconds) throws IOException {
        int[] texture = texture(512, 256, 11);
        try (Mp4Writer out = new Mp4Writer(file, w, h, fps)) {
            for (int i = 0; i < fps * seconds; i++) {
                out.write(scene(w, h, i, texture, 512, 256));
            }
        }
    }
}
