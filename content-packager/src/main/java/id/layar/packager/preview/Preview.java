package id.layar.packager.preview;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.playlist.Item;
import id.layar.playlist.Playlist;
import id.layar.playlist.Rejection;
import id.layar.playlist.Schedule;
import id.layar.playlist.TrustedRoot;
import id.layar.render.Fonts;
import id.layar.render.Frame;
import id.layar.render.ImageFitter;
import id.layar.render.FitMode;
import id.layar.render.ItemRenderer;
import id.layar.render.Png;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a channel's wall shows, drawn by the code the wall runs: the bundle's signed playlist for the channel,
 * {@link Schedule#at} for the moment, and {@link ItemRenderer#render(Item, long, Instant, Frame)} with
 * {@code millisIntoItem} from the schedule, exactly as the agent's player does. So a frame of the preview is the
 * frame the wall shows at that instant, pixel for pixel.
 *
 * <p>Not thread-safe (one renderer, one video decoder).
 */
public final class Preview implements AutoCloseable {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Start getting the next item ready this long before the switch (as the agent should). */
    static final long PREPARE_AHEAD_MS = 1000;

    private final Playlist playlist;
    private final ItemRenderer renderer;
    private final Frame frame;
    private Instant preparedFor;

    private Preview(Playlist playlist, ItemRenderer renderer) {
        this.playlist = playlist;
        this.renderer = renderer;
        this.frame = new Frame(playlist.panel().width(), playlist.panel().height());
    }

    /**
     * Opens a built bundle's playlist for {@code channel}, checked against the bundle's root.json like a device
     * checks it (signatures and channel; not expiry, so old bundles can still be previewed).
     *
     * @throws PackagerException when the bundle has no playlist for the channel or it does not verify
     */
    public static Preview open(Path bundle, String channel) throws IOException {
        Path file = bundle.resolve("channels").resolve(channel).resolve("playlist.json");
        if (!Files.isRegularFile(file)) {
            throw new PackagerException(PackagerException.Kind.INVALID_INPUT, Msg.of("err.previewNoPlaylist", bundle, channel));
        }
        Playlist p;
        try {
            TrustedRoot root = TrustedRoot.load(Files.readAllBytes(bundle.resolve("root.json")));
            p = root.verifyStored(Files.readAllBytes(file), channel).playlist();
        } catch (Rejection e) {
            throw new PackagerException(PackagerException.Kind.INVALID_INPUT, Msg.of("err.rootBad", file, e.describe()), e);
        }
        return new Preview(p, new ItemRenderer(new BundleBlobs(bundle), p.panel().width(), p.panel().height(), p.timezone()));
    }

    public Playlist playlist() {
        return playlist;
    }

    /**
     * The wall at {@code t}: black when nothing plays. The returned frame is reused by the next call; copy it
     * to keep it.
     */
    public Frame frameAt(Instant t) throws IOException {
        Schedule.NowPlaying np = Schedule.at(playlist, t);
        if (np.item() == null) {
            frame.fill(0x000000);
        } else {
            renderer.render(np.item(), np.millisIntoItem(t), t, frame);
        }
        return frame;
    }

    /**
     * The wall at {@code t} when frames are asked in time order: gets the next item ready
     * ({@link ItemRenderer#prepare}) a second before each switch, as the agent's player does.
     */
    public Frame nextFrame(Instant t) throws IOException {
        Schedule.NowPlaying np = Schedule.at(playlist, t);
        if (np.item() != null && !np.until().equals(preparedFor)
                && np.until().toEpochMilli() - t.toEpochMilli() <= PREPARE_AHEAD_MS) {
            Item next = Schedule.at(playlist, np.until()).item();
            if (next != null) {
                renderer.prepare(next);
            }
            preparedFor = np.until();
        }
        return frameAt(t);
    }

    /**
     * One showing in the window.
     *
     * @param item  what plays, or null for black
     * @param until when the next change may happen (the end of this showing, or the window's end)
     */
    public record Change(Instant at, Item item, Instant until) {
        public String label() {
            return item == null ? "(hitam)" : item.id();
        }
    }

    /** Every change of what plays in [{@code from}, {@code to}): boundaries where the item stays are skipped. */
    public List<Change> changes(Instant from, Instant to) {
        List<Change> out = new ArrayList<>();
        Instant t = from;
        Item current = null;
        Instant since = from;
        boolean first = true;
        for (int guard = 0; t.isBefore(to) && guard < 10_000_000; guard++) {
            Schedule.NowPlaying np = Schedule.at(playlist, t);
            if (first || !Objects.equals(id(np.item()), id(current))) {
                if (!first) {
                    out.add(new Change(since, current, t));
                }
                current = np.item();
                since = t;
                first = false;
            }
            t = np.until().isAfter(t) ? np.until() : t.plusMillis(1);
        }
        if (!first) {
            out.add(new Change(since, current, to));
        }
        return out;
    }

    private static String id(Item i) {
        return i == null ? null : i.id();
    }

    /**
     * A contact sheet: a thumbnail of each change (drawn at the middle of its showing, so running text and video
     * show something) labelled with the change's local time and the item id; at most {@code max} thumbnails.
     */
    public void contactSheet(List<Change> changes, int max, String title, Path out) throws IOException {
        int w = playlist.panel().width();
        int h = playlist.panel().height();
        int tw = Math.min(w, 240);
        int th = Math.max(1, (int) Math.round((double) h * tw / w));
        int columns = Math.max(1, Math.min(5, changes.size()));
        int shown = Math.min(max, changes.size());
        int label = 20;
        int gap = 8;
        int header = 28;
        int rows = Math.max(1, (shown + columns - 1) / columns);
        BufferedImage sheet = new BufferedImage(gap + columns * (tw + gap), header + rows * (th + label + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0x202020));
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setColor(Color.WHITE);
            g.setFont(Fonts.bold(14));
            g.drawString(title, gap, 19);
            g.setFont(Fonts.regular(12));
            for (int i = 0; i < shown; i++) {
                Change c = changes.get(i);
                Instant mid = c.at().plusMillis(Math.max(0, c.until().toEpochMilli() - c.at().toEpochMilli()) / 2);
                Frame thumb = ImageFitter.fit(frameAt(mid).toImage(), tw, th, FitMode.STRETCH);
                int x = gap + (i % columns) * (tw + gap);
                int y = header + (i / columns) * (th + label + gap);
                g.drawImage(thumb.toImage(), x, y, null);
                g.setColor(new Color(0x606060));
                g.drawRect(x - 1, y - 1, tw + 1, th + 1);
                g.setColor(Color.WHITE);
                String text = ZonedDateTime.ofInstant(c.at(), playlist.timezone()).format(HMS) + "  " + c.label();
                g.drawString(text, x, y + th + 15);
            }
        } finally {
            g.dispose();
        }
        Files.write(out, Png.encode(Frame.of(sheet)));
    }

    /** Progress of {@link #video}. */
    public interface Progress {
        void frames(long done, long total);
    }

    /**
     * {@code seconds} of the wall from {@code from} at the panel's frame rate, every frame drawn by
     * {@link #nextFrame} at its own instant (whole milliseconds, like the agent's clock), written as MP4.
     */
    public long video(Instant from, int seconds, Path out, Progress progress) throws IOException {
        int fps = playlist.panel().fps();
        long total = (long) seconds * fps;
        try (Mp4Writer writer = new Mp4Writer(out, even(frame.width()), even(frame.height()), fps)) {
            Frame even = frame.width() % 2 == 0 && frame.height() % 2 == 0 ? null
                    : new Frame(even(frame.width()), even(frame.height()));
            for (long k = 0; k < total; k++) {
                Frame f = nextFrame(from.plusMillis(Math.round(k * 1000.0 / fps)));
                if (even != null) {
                    for (int y = 0; y < even.height(); y++) {
                        System.arraycopy(f.pixels(), y * f.width(), even.pixels(), y * even.width(), even.width());
                    }
                    f = even;
                }
                writer.write(f);
                if ((k + 1) % fps == 0 || k + 1 == total) {
                    progress.frames(k + 1, total);
                }
            }
        }
        return total;
    }

    /** An odd size loses its last column or row in the MP4 (H.264 4:2:0 needs even sizes); the PNGs keep it. */
    private static int even(int v) {
        return Math.max(2, v & ~1);
    }

    @Override
    public void close() {
        renderer.close();
    }
}
