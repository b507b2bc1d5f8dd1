package id.layar.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.font.GlyphVector;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The clock item: the time and date in Indonesian, drawn live on the device over a background the packager made.
 *
 * <pre>
 *            10:30:15 WIB              bold, the style's colour
 *      Selasa, 24 November 2026        regular, the style's accent
 * </pre>
 *
 * <p>The blob is a PNG at the panel's geometry (the background) with one {@code tEXt} chunk,
 * {@value #FACE_KEY}, holding the colours ({@code color=#ffffff accent=#ffd200}); the blob is signed like any
 * other, so the colours are the staff's. Day and month names and the zone names WIB, WITA and WIT are spelled
 * here, not taken from the JVM's locale data, so every device and the preview write the same words. The layout
 * depends only on the panel size and the two lines of text, so {@link #draw} is a pure function.
 */
public final class ClockRenderer {
    /** The PNG {@code tEXt} keyword that marks a clock face and carries its colours. */
    public static final String FACE_KEY = "layar-clock";

    private static final String[] DAYS = {"Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"};
    private static final String[] MONTHS = {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
            "Agustus", "September", "Oktober", "November", "Desember"};
    private static final Set<String> WIB = Set.of("Asia/Jakarta", "Asia/Pontianak");
    private static final Set<String> WITA = Set.of("Asia/Makassar", "Asia/Ujung_Pandang");
    private static final Set<String> WIT = Set.of("Asia/Jayapura");

    static final float MARGIN = 0.05f;
    /** Ink height of the time and the date as shares of the height inside the margins, and the gap between. */
    static final float TIME = 0.42f;
    static final float DATE = 0.17f;
    static final float GAP = 0.10f;

    private ClockRenderer() {
    }

    /** A clock face: the background and the two text colours ({@code 0xRRGGBB}). */
    public record Face(Frame background, int color, int accent) {
    }

    /** The date as Indonesians write it: {@code Selasa, 24 November 2026}. */
    public static String dateLine(LocalDate date) {
        return DAYS[date.getDayOfWeek().getValue() - 1] + ", " + date.getDayOfMonth() + " "
                + MONTHS[date.getMonthValue() - 1] + " " + date.getYear();
    }

    /** The time with seconds and the zone: {@code 10:30:15 WIB}. */
    public static String timeLine(ZonedDateTime t) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d %s", t.getHour(), t.getMinute(), t.getSecond(),
                zoneName(t.getZone(), t.toInstant()));
    }

    /**
     * WIB (Asia/Jakarta, Asia/Pontianak), WITA (Asia/Makassar) or WIT (Asia/Jayapura); any other zone as its
     * offset at that instant: {@code UTC}, {@code UTC+8}, {@code UTC+5:30}.
     */
    public static String zoneName(ZoneId zone, Instant at) {
        String id = zone.getId();
        if (WIB.contains(id)) {
            return "WIB";
        }
        if (WITA.contains(id)) {
            return "WITA";
        }
        if (WIT.contains(id)) {
            return "WIT";
        }
        int seconds = zone.getRules().getOffset(at).getTotalSeconds();
        if (seconds == 0) {
            return "UTC";
        }
        int minutes = Math.abs(seconds) / 60;
        return "UTC" + (seconds < 0 ? "-" : "+") + minutes / 60 + (minutes % 60 == 0 ? "" : String.format(Locale.ROOT, ":%02d", minutes % 60));
    }

    /** The face blob the packager writes: a background of {@code style.background()} and the colours as text. */
    public static byte[] faceBlob(SlideStyle style, int width, int height) {
        if (style == null) {
            throw new IllegalArgumentException("clock style must be set (SlideStyle.DEFAULT for the default)");
        }
        Frame background = new Frame(width, height);
        background.fill(style.background());
        Map<String, String> text = new LinkedHashMap<>();
        text.put(FACE_KEY, String.format(Locale.ROOT, "color=#%06x accent=#%06x", style.color(), style.accent()));
        return Png.encode(background, text);
    }

    /**
     * Reads a face blob. A PNG without the {@value #FACE_KEY} text is a plain background with
     * {@link SlideStyle#DEFAULT}'s colours.
     *
     * @throws IllegalArgumentException naming what is wrong with the PNG or the colour text
     */
    public static Face readFace(byte[] png) {
        Map<String, String> text = Png.text(png);
        Frame background = Png.decode(png);
        int color = SlideStyle.DEFAULT.color();
        int accent = SlideStyle.DEFAULT.accent();
        String spec = text.get(FACE_KEY);
        if (spec != null) {
            for (String part : spec.trim().split("\\s+")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? part : part.substring(0, eq);
                String value = eq < 0 ? "" : part.substring(eq + 1);
                switch (key) {
                    case "color" -> color = SlideStyle.parseColor("clock color", value);
                    case "accent" -> accent = SlideStyle.parseColor("clock accent", value);
                    default -> {
                        // a later packager's setting this device does not know: ignored
                    }
                }
            }
        }
        return new Face(background, color, accent);
    }

    /**
     * Draws the face with the time and date lines into {@code target} (the background's size). Allocates a
     * little (glyphs, a graphics); call it once per second and copy the result for the frames in between, as
     * {@link ItemRenderer} does.
     */
    public static void draw(Face face, String timeLine, String dateLine, Frame target) {
        Canvas canvas = new Canvas(target.width(), target.height());
        canvas.draw(face, timeLine, dateLine);
        target.copyFrom(canvas.frame);
    }

    /**
     * A reusable drawing surface: a {@code TYPE_INT_RGB} image whose pixel array is {@link #frame}'s, so text is
     * drawn straight into the frame.
     */
    static final class Canvas {
        final BufferedImage image;
        final Frame frame;

        Canvas(int width, int height) {
            image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            frame = new Frame(width, height, ((DataBufferInt) image.getRaster().getDataBuffer()).getData());
        }

        void draw(Face face, String timeLine, String dateLine) {
            if (face.background().width() != frame.width() || face.background().height() != frame.height()) {
                throw new IllegalArgumentException("clock background is " + face.background().sizeText()
                        + " but the panel is " + frame.sizeText() + "; the background must be the panel's size");
            }
            frame.copyFrom(face.background());
            int w = frame.width();
            int h = frame.height();
            int mx = Math.round(w * MARGIN);
            int my = Math.round(h * MARGIN);
            int boxW = Math.max(1, w - 2 * mx);
            int boxH = Math.max(1, h - 2 * my);
            Placed time = place(Fonts.bold(sizeFor(Fonts.bold(100), timeLine, boxH * TIME)), timeLine, boxW);
            Placed date = place(Fonts.regular(sizeFor(Fonts.regular(100), dateLine, boxH * DATE)), dateLine, boxW);
            int gap = Math.round(boxH * GAP);
            int total = time.ink.height + gap + date.ink.height;
            int top = my + (boxH - total) / 2;
            Graphics2D g = Text.graphics(image);
            try {
                g.setColor(new Color(face.color()));
                g.drawGlyphVector(time.glyphs, mx + (boxW - time.ink.width) / 2 - time.ink.x, top - time.ink.y);
                g.setColor(new Color(face.accent()));
                g.drawGlyphVector(date.glyphs, mx + (boxW - date.ink.width) / 2 - date.ink.x,
                        top + time.ink.height + gap - date.ink.y);
            } finally {
                g.dispose();
            }
            // An RGB image writes no alpha; a frame is opaque.
            int[] px = frame.pixels();
            for (int i = 0; i < px.length; i++) {
                px[i] |= 0xFF000000;
            }
        }
    }

    private record Placed(GlyphVector glyphs, Rectangle ink) {
    }

    /** The font size whose ink for {@code text} is {@code inkHeight} pixels tall. */
    private static float sizeFor(Font at100, String text, float inkHeight) {
        Rectangle ink = Text.glyphs(at100, text).getPixelBounds(Text.FRC, 0, 0);
        return Math.max(1f, Math.min(10_000f, inkHeight * 100f / Math.max(1, ink.height)));
    }

    /** Glyphs of {@code text}, shrunk until their ink fits {@code width}. */
    private static Placed place(Font font, String text, int width) {
        GlyphVector gv = Text.glyphs(font, text);
        Rectangle ink = gv.getPixelBounds(Text.FRC, 0, 0);
        if (ink.width > width) {
            font = font.deriveFont(Math.max(1f, font.getSize2D() * width / ink.width));
            gv = Text.glyphs(font, text);
            ink = gv.getPixelBounds(Text.FRC, 0, 0);
        }
        return new Placed(gv, ink);
    }

    /** {@code now} in {@code zone} as the two lines the clock shows. */
    static String[] lines(Instant now, ZoneId zone) {
        ZonedDateTime t = now.atZone(zone == null ? ZoneOffset.UTC : zone);
        return new String[] {timeLine(t), dateLine(t.toLocalDate())};
    }
}
