import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the images used by the pilot site examples/pilot-kota (fictional "Diskominfo Kota Sukamaju").
 *
 * <pre>
 *   java -Djava.awt.headless=true examples/tools/DrawMedia.java examples/pilot-kota/media
 * </pre>
 *
 * Everything is drawn here with Java2D: no downloaded or copied art. Only the JDK is needed.
 * Text uses /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf when present, otherwise the
 * logical font "SansSerif" (bold).
 *
 * All images are 1600x900 (16:9). The announcements use {@code fit: fill}, which crops a 16:9 image
 * to the 2:1 roadside panel (768x384) by cutting 50 px (in image pixels) off the top and the bottom,
 * so everything that matters is kept inside the safe band y = 70..830.
 */
public final class DrawMedia {

    static final int W = 1600;
    static final int H = 900;
    static final String DEJAVU_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    static Font baseFont;

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (args.length != 1) {
            System.err.println("usage: java examples/tools/DrawMedia.java OUTPUT_DIR");
            System.exit(2);
        }
        File out = new File(args[0]);
        if (!out.isDirectory() && !out.mkdirs()) {
            throw new IOException("cannot create " + out);
        }
        baseFont = loadFont();

        write(drawAktaOnline(), new File(out, "akta-online.png"));
        write(drawCarFreeDay(), new File(out, "car-free-day.png"));
        write(drawSukamajuBersinar(), new File(out, "sukamaju-bersinar.png"));
    }

    // ------------------------------------------------------------------ images

    /** Online birth-certificate service (Disdukcapil), shown in the city hall lobby. */
    static BufferedImage drawAktaOnline() {
        BufferedImage img = newImage();
        Graphics2D g = graphics(img);

        Color teal = rgb(0x0e5a6b);
        Color tealDark = rgb(0x083d49);
        Color ink = rgb(0x14232b);
        Color yellow = rgb(0xffd200);

        // light background with a soft diagonal gradient
        g.setPaint(new GradientPaint(0, 260, rgb(0xf4fbfc), 0, 790, rgb(0xd8eef2)));
        g.fillRect(0, 0, W, H);

        // header band
        g.setPaint(new GradientPaint(0, 0, tealDark, W, 0, teal));
        g.fillRect(0, 0, W, 250);
        g.setColor(yellow);
        g.fillRect(0, 250, W, 10);
        drawEmblem(g, 165, 160, 150);
        drawLeft(g, "AKTA KELAHIRAN ONLINE", 270, 160, font(86), Color.WHITE, W - 270 - 70);
        drawLeft(g, "Urus dari rumah, tanpa antre, GRATIS", 274, 225, font(44), yellow, W - 274 - 70);

        // three steps
        String[][] steps = {
            {"1", "Buka situs", "dukcapil.sukamajukota.go.id"},
            {"2", "Unggah dokumen", "Surat keterangan lahir, KK, KTP orang tua"},
            {"3", "Terima akta PDF", "Bertanda tangan elektronik, siap dicetak"},
        };
        int y = 330;
        for (String[] s : steps) {
            g.setColor(teal);
            g.fill(new Ellipse2D.Double(80, y, 110, 110));
            g.setColor(yellow);
            g.setStroke(new BasicStroke(6f));
            g.draw(new Ellipse2D.Double(80, y, 110, 110));
            drawCentered(g, s[0], 135, y + 78, font(64), Color.WHITE, 100);
            drawLeft(g, s[1], 225, y + 48, font(50), ink, 820);
            drawLeft(g, s[2], 225, y + 102, font(38), teal, 820);
            y += 150;
        }

        // stylised certificate on the right
        drawCertificate(g, 1130, 300, 380, 470);

        // footer band
        g.setColor(tealDark);
        g.fillRect(0, 790, W, 110);
        drawCentered(g, "Dinas Kependudukan dan Pencatatan Sipil Kota Sukamaju",
                W / 2, 845, font(38), Color.WHITE, W - 120);

        g.dispose();
        return img;
    }

    /** Weekly Car Free Day, promoted Monday to Saturday on both screens. */
    static BufferedImage drawCarFreeDay() {
        BufferedImage img = newImage();
        Graphics2D g = graphics(img);

        Color navy = rgb(0x0b2545);
        Color orange = rgb(0xd9480f);

        // morning sky
        g.setPaint(new GradientPaint(0, 0, rgb(0x7cc6f2), 0, 620, rgb(0xfff1c7)));
        g.fillRect(0, 0, W, H);

        // sun with rays, top right
        int sx = 1470, sy = 150;
        g.setColor(new Color(255, 190, 40, 90));
        for (int i = 0; i < 16; i++) {
            double a = Math.PI * 2 * i / 16;
            Path2D ray = new Path2D.Double();
            ray.moveTo(sx + Math.cos(a - 0.08) * 100, sy + Math.sin(a - 0.08) * 100);
            ray.lineTo(sx + Math.cos(a) * 170, sy + Math.sin(a) * 170);
            ray.lineTo(sx + Math.cos(a + 0.08) * 100, sy + Math.sin(a + 0.08) * 100);
            ray.closePath();
            g.fill(ray);
        }
        g.setPaint(new RadialGradientPaint(new Point2D.Double(sx - 20, sy - 20), 110,
                new float[] {0f, 1f}, new Color[] {rgb(0xfff3a0), rgb(0xffb703)}));
        g.fill(new Ellipse2D.Double(sx - 85, sy - 85, 170, 170));

        // hills
        g.setColor(rgb(0x8fcf7a));
        g.fill(hill(-100, 640, 700, 190));
        g.setColor(rgb(0x6bbf59));
        g.fill(hill(500, 660, 1300, 170));

        // trees along the road
        for (int x = 60; x < W; x += 210) {
            drawTree(g, x, 650);
        }

        // road
        g.setColor(rgb(0x3d4450));
        g.fillRect(0, 650, W, 250);
        g.setColor(rgb(0xc9ced6));
        g.fillRect(0, 650, W, 12);
        g.setColor(Color.WHITE);
        for (int x = 20; x < W; x += 160) {
            g.fillRect(x, 800, 90, 12);
        }

        // cyclists and a runner on the road
        drawRunner(g, 1095, 770, 0.95, rgb(0xf4a261));
        drawCyclist(g, 1275, 765, 0.85, rgb(0xe63946), rgb(0x1d3557));
        drawCyclist(g, 1485, 775, 0.85, rgb(0x2a9d8f), rgb(0x264653));

        // text block, left
        drawLeftOutlined(g, "CAR FREE DAY", 80, 215, font(150), navy, Color.WHITE, 1180);
        drawLeft(g, "Setiap Minggu", 86, 320, font(78), orange, 1000);
        drawLeft(g, "Pukul 06.00 - 10.00 WIB", 86, 410, font(66), navy, 1000);

        // location pill
        Font pill = font(44);
        String where = "Jalan Merdeka - Simpang Lima";
        int pw = textWidth(g, where, pill) + 80;
        g.setColor(navy);
        g.fill(new RoundRectangle2D.Double(80, 450, pw, 78, 78, 78));
        drawLeft(g, where, 120, 505, pill, Color.WHITE, 1400);

        // activities on a light panel so they stay readable over the trees
        Font act = font(40);
        String acts = "Olahraga • Senam Bersama • UMKM • Hiburan";
        int aw = textWidth(g, acts, act) + 60;
        g.setColor(new Color(255, 255, 255, 225));
        g.fill(new RoundRectangle2D.Double(80, 552, aw, 66, 24, 24));
        drawLeft(g, acts, 110, 600, act, navy, 1100);

        // small footer on the road, inside the crop-safe band
        drawLeft(g, "Pemerintah Kota Sukamaju", 40, 760, font(32), Color.WHITE, 600);

        g.dispose();
        return img;
    }

    /** City emblem and slogan: the filler shown when nothing else may play. */
    static BufferedImage drawSukamajuBersinar() {
        BufferedImage img = newImage();
        Graphics2D g = graphics(img);

        Color gold = rgb(0xffc629);

        g.setPaint(new GradientPaint(0, 0, rgb(0x174a93), 0, H, rgb(0x071d42)));
        g.fillRect(0, 0, W, H);

        // soft light beams from behind the emblem ("bersinar" = shining)
        g.setColor(new Color(255, 214, 90, 22));
        for (int i = 0; i < 24; i += 2) {
            double a0 = Math.PI * 2 * i / 24;
            double a1 = Math.PI * 2 * (i + 1) / 24;
            Path2D beam = new Path2D.Double();
            beam.moveTo(420, 450);
            beam.lineTo(420 + Math.cos(a0) * 1800, 450 + Math.sin(a0) * 1800);
            beam.lineTo(420 + Math.cos(a1) * 1800, 450 + Math.sin(a1) * 1800);
            beam.closePath();
            g.fill(beam);
        }

        drawEmblem(g, 420, 450, 560);

        drawLeft(g, "KOTA SUKAMAJU", 760, 330, font(84), Color.WHITE, 800);
        drawLeftOutlined(g, "BERSINAR", 752, 500, font(170), gold, rgb(0x3a2a00), 780);
        g.setColor(gold);
        g.fillRect(762, 540, 780, 8);
        drawLeft(g, "Bersih • Sehat • Indah", 762, 620, font(46), rgb(0xdfe9f7), 800);
        drawLeft(g, "Nyaman • Aman • Rapi", 762, 685, font(46), rgb(0xdfe9f7), 800);

        g.dispose();
        return img;
    }

    // ------------------------------------------------------------------ pieces

    /** A stylised city emblem: gold-rimmed shield, shining star, hill, river and rice stalks. */
    static void drawEmblem(Graphics2D g, double cx, double cy, double size) {
        Graphics2D e = (Graphics2D) g.create();
        e.translate(cx, cy);
        e.scale(size / 100.0, size / 100.0);

        Color gold = rgb(0xffc629);
        Color goldDark = rgb(0xb8860b);

        Shape outer = shield(46, 50);
        Shape inner = shield(40, 44);

        e.setColor(new Color(0, 0, 0, 70));
        Graphics2D sh = (Graphics2D) e.create();
        sh.translate(1.5, 2.5);
        sh.fill(outer);
        sh.dispose();

        e.setPaint(new GradientPaint(0, -50, rgb(0xffe07a), 0, 50, goldDark));
        e.fill(outer);
        e.setPaint(new GradientPaint(0, -44, rgb(0x2f7fd8), 0, 30, rgb(0x0b3b82)));
        e.fill(inner);

        Shape old = e.getClip();
        e.clip(inner);
        // green hill
        e.setColor(rgb(0x2e9e4f));
        e.fill(new Ellipse2D.Double(-70, 6, 140, 80));
        // river waves
        e.setStroke(new BasicStroke(4.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        e.setColor(Color.WHITE);
        for (int k = 0; k < 2; k++) {
            double wy = 22 + k * 10;
            Path2D wave = new Path2D.Double();
            wave.moveTo(-40, wy);
            for (int i = 0; i < 4; i++) {
                double x0 = -40 + i * 20;
                wave.quadTo(x0 + 5, wy - 5, x0 + 10, wy);
                wave.quadTo(x0 + 15, wy + 5, x0 + 20, wy);
            }
            e.draw(wave);
        }
        e.setClip(old);

        // shining star
        e.setColor(gold);
        e.fill(star(0, -14, 19, 8, 8));
        e.setColor(new Color(255, 255, 255, 200));
        e.fill(new Ellipse2D.Double(-3.5, -17.5, 7, 7));

        // rice stalks on both sides of the star
        e.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int side = -1; side <= 1; side += 2) {
            for (int i = 0; i < 5; i++) {
                double gx = side * (27 - i * 0.6);
                double gy = -28 + i * 8;
                e.setColor(gold);
                e.fill(new Ellipse2D.Double(gx - 2.2, gy - 3.6, 4.4, 7.2));
            }
        }

        // ribbon with the city name
        e.setColor(rgb(0xc1121f));
        e.fill(new RoundRectangle2D.Double(-38, 40, 76, 15, 4, 4));
        e.setColor(gold);
        e.setStroke(new BasicStroke(1.2f));
        e.draw(new RoundRectangle2D.Double(-38, 40, 76, 15, 4, 4));
        Font f = font(9.5f);
        FontMetrics fm = e.getFontMetrics(f);
        e.setFont(f);
        e.setColor(Color.WHITE);
        String name = "SUKAMAJU";
        e.drawString(name, (float) (-fm.stringWidth(name) / 2.0), 51.2f);

        e.dispose();
    }

    /** Shield outline centred on the origin, half width hw and half height hh. */
    static Shape shield(double hw, double hh) {
        GeneralPath p = new GeneralPath();
        p.moveTo(-hw, -hh);
        p.quadTo(0, -hh - hh * 0.18, hw, -hh);
        p.lineTo(hw, hh * 0.1);
        p.quadTo(hw * 0.9, hh * 0.75, 0, hh);
        p.quadTo(-hw * 0.9, hh * 0.75, -hw, hh * 0.1);
        p.closePath();
        return p;
    }

    static Shape star(double cx, double cy, double rOuter, double rInner, int points) {
        Path2D p = new Path2D.Double();
        for (int i = 0; i < points * 2; i++) {
            double r = (i % 2 == 0) ? rOuter : rInner;
            double a = -Math.PI / 2 + Math.PI * i / points;
            double x = cx + Math.cos(a) * r;
            double y = cy + Math.sin(a) * r;
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    static Shape hill(double x, double baseY, double width, double height) {
        Path2D p = new Path2D.Double();
        p.moveTo(x, baseY + 10);
        p.quadTo(x + width / 2, baseY - height * 2, x + width, baseY + 10);
        p.closePath();
        return p;
    }

    static void drawTree(Graphics2D g, double x, double baseY) {
        g.setColor(rgb(0x6b4226));
        g.fill(new RoundRectangle2D.Double(x - 7, baseY - 70, 14, 72, 6, 6));
        g.setColor(rgb(0x2d8a3e));
        g.fill(new Ellipse2D.Double(x - 45, baseY - 150, 90, 95));
        g.setColor(rgb(0x3fa650));
        g.fill(new Ellipse2D.Double(x - 30, baseY - 160, 60, 60));
    }

    /** A simple cyclist facing right; (x, y) is the ground point between the wheels. */
    static void drawCyclist(Graphics2D g0, double x, double y, double s, Color shirt, Color frame) {
        Graphics2D g = (Graphics2D) g0.create();
        g.translate(x, y);
        g.scale(s, s);
        double r = 48;
        double rx = -75, fx = 75, wy = -r;

        g.setColor(new Color(0, 0, 0, 60));
        g.fill(new Ellipse2D.Double(-140, -8, 280, 16));

        g.setStroke(new BasicStroke(9f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(rgb(0x111111));
        g.draw(new Ellipse2D.Double(rx - r, wy - r, 2 * r, 2 * r));
        g.draw(new Ellipse2D.Double(fx - r, wy - r, 2 * r, 2 * r));

        // frame
        double bbx = -5, bby = wy;           // bottom bracket
        double seatX = -30, seatY = wy - 70;  // seat
        double headX = 55, headY = wy - 72;   // head tube top
        g.setColor(frame);
        g.setStroke(new BasicStroke(8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D fr = new Path2D.Double();
        fr.moveTo(rx, wy);
        fr.lineTo(bbx, bby);
        fr.lineTo(headX, headY);
        fr.lineTo(seatX, seatY);
        fr.lineTo(rx, wy);
        fr.moveTo(seatX, seatY);
        fr.lineTo(bbx, bby);
        fr.moveTo(headX, headY);
        fr.lineTo(fx, wy);
        fr.moveTo(headX, headY);
        fr.lineTo(headX - 5, headY - 18);
        g.draw(fr);

        // rider
        double hipX = seatX, hipY = seatY - 6;
        double shX = 25, shY = wy - 150;
        g.setColor(rgb(0x1f2a44));
        g.setStroke(new BasicStroke(14f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D legs = new Path2D.Double();
        legs.moveTo(hipX, hipY);
        legs.lineTo(bbx + 20, bby - 40);
        legs.lineTo(bbx + 12, bby + 6);
        legs.moveTo(hipX, hipY);
        legs.lineTo(bbx - 10, bby - 35);
        legs.lineTo(bbx - 22, bby + 4);
        g.draw(legs);
        g.setColor(shirt);
        g.setStroke(new BasicStroke(26f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new java.awt.geom.Line2D.Double(hipX, hipY - 5, shX, shY));
        g.setStroke(new BasicStroke(11f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D arm = new Path2D.Double();
        arm.moveTo(shX, shY);
        arm.lineTo(headX - 8, headY - 20);
        g.draw(arm);
        g.setColor(rgb(0x8d5524));
        g.fill(new Ellipse2D.Double(shX + 2, shY - 52, 40, 40));
        // helmet
        g.setColor(shirt.darker());
        g.fill(new java.awt.geom.Arc2D.Double(shX, shY - 56, 46, 36, 0, 180, java.awt.geom.Arc2D.CHORD));
        g.dispose();
    }

    /** A simple runner facing right; (x, y) is the ground point. */
    static void drawRunner(Graphics2D g0, double x, double y, double s, Color shirt) {
        Graphics2D g = (Graphics2D) g0.create();
        g.translate(x, y);
        g.scale(s, s);
        g.setColor(new Color(0, 0, 0, 60));
        g.fill(new Ellipse2D.Double(-60, -8, 120, 16));

        double hipX = 0, hipY = -105;
        double shX = 18, shY = -190;
        g.setColor(rgb(0x1f2a44));
        g.setStroke(new BasicStroke(15f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D legs = new Path2D.Double();
        legs.moveTo(hipX, hipY);
        legs.lineTo(35, -60);
        legs.lineTo(30, -5);
        legs.moveTo(hipX, hipY);
        legs.lineTo(-25, -55);
        legs.lineTo(-60, -40);
        g.draw(legs);
        g.setColor(shirt);
        g.setStroke(new BasicStroke(28f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new java.awt.geom.Line2D.Double(hipX, hipY, shX, shY));
        g.setColor(rgb(0x8d5524));
        g.setStroke(new BasicStroke(11f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D arms = new Path2D.Double();
        arms.moveTo(shX, shY + 6);
        arms.lineTo(45, shY + 40);
        arms.lineTo(65, shY + 15);
        arms.moveTo(shX, shY + 6);
        arms.lineTo(-15, shY + 45);
        arms.lineTo(-35, shY + 65);
        g.draw(arms);
        g.fill(new Ellipse2D.Double(shX - 8, shY - 58, 42, 42));
        g.setColor(rgb(0x222222));
        g.fill(new java.awt.geom.Arc2D.Double(shX - 8, shY - 60, 42, 34, 10, 170, java.awt.geom.Arc2D.CHORD));
        g.dispose();
    }

    /** A stylised birth certificate with an electronic-signature seal. */
    static void drawCertificate(Graphics2D g, double x, double y, double w, double h) {
        g.setColor(new Color(0, 0, 0, 45));
        g.fill(new RoundRectangle2D.Double(x + 14, y + 16, w, h, 22, 22));
        g.setColor(Color.WHITE);
        g.fill(new RoundRectangle2D.Double(x, y, w, h, 22, 22));
        g.setColor(rgb(0x0e5a6b));
        g.setStroke(new BasicStroke(5f));
        g.draw(new RoundRectangle2D.Double(x + 14, y + 14, w - 28, h - 28, 14, 14));

        drawEmblem(g, x + w / 2, y + 78, 80);
        drawCentered(g, "KUTIPAN AKTA", x + w / 2, y + 165, font(30), rgb(0x14232b), w - 60);
        drawCentered(g, "KELAHIRAN", x + w / 2, y + 200, font(30), rgb(0x14232b), w - 60);

        g.setColor(rgb(0xc9dde2));
        for (int i = 0; i < 4; i++) {
            double lw = (i % 2 == 0) ? w - 110 : w - 170;
            g.fill(new RoundRectangle2D.Double(x + 50, y + 235 + i * 30, lw, 12, 12, 12));
        }

        // electronic signature seal
        double cx = x + w - 95, cy = y + h - 85;
        g.setColor(rgb(0x2a9d8f));
        g.fill(star(cx, cy, 62, 52, 16));
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(cx - 42, cy - 42, 84, 84));
        g.setColor(rgb(0x2a9d8f));
        g.setStroke(new BasicStroke(10f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D tick = new Path2D.Double();
        tick.moveTo(cx - 22, cy + 2);
        tick.lineTo(cx - 5, cy + 19);
        tick.lineTo(cx + 24, cy - 16);
        g.draw(tick);
        drawLeft(g, "TTE", x + 50, y + h - 70, font(40), rgb(0x2a9d8f), 150);
    }

    // ------------------------------------------------------------------ text and setup

    static Font loadFont() {
        File f = new File(DEJAVU_BOLD);
        if (f.isFile()) {
            try {
                return Font.createFont(Font.TRUETYPE_FONT, f);
            } catch (Exception e) {
                System.err.println("warning: cannot load " + f + " (" + e.getMessage() + "), using SansSerif");
            }
        } else {
            System.err.println("note: " + f + " not found, using logical font SansSerif");
        }
        return new Font(Font.SANS_SERIF, Font.BOLD, 12);
    }

    static Font font(float size) {
        return baseFont.deriveFont(size);
    }

    static int textWidth(Graphics2D g, String s, Font f) {
        return g.getFontMetrics(f).stringWidth(s);
    }

    /** Shrinks the font until the text fits in maxWidth (never below 40% of the requested size). */
    static Font fit(Graphics2D g, String s, Font f, double maxWidth) {
        Font cur = f;
        while (textWidth(g, s, cur) > maxWidth && cur.getSize2D() > f.getSize2D() * 0.4f) {
            cur = cur.deriveFont(cur.getSize2D() - 1f);
        }
        return cur;
    }

    static void drawLeft(Graphics2D g, String s, double x, double baseline, Font f, Color c, double maxWidth) {
        Font ff = fit(g, s, f, maxWidth);
        g.setFont(ff);
        g.setColor(c);
        g.drawString(s, (float) x, (float) baseline);
    }

    static void drawCentered(Graphics2D g, String s, double cx, double baseline, Font f, Color c, double maxWidth) {
        Font ff = fit(g, s, f, maxWidth);
        g.setFont(ff);
        g.setColor(c);
        g.drawString(s, (float) (cx - textWidth(g, s, ff) / 2.0), (float) baseline);
    }

    /** Left-aligned text with an outline, for big titles over busy backgrounds. */
    static void drawLeftOutlined(Graphics2D g, String s, double x, double baseline, Font f,
                                 Color fill, Color outline, double maxWidth) {
        Font ff = fit(g, s, f, maxWidth);
        FontRenderContext frc = g.getFontRenderContext();
        Shape shape = new TextLayout(s, ff, frc).getOutline(AffineTransform.getTranslateInstance(x, baseline));
        g.setColor(outline);
        g.setStroke(new BasicStroke(ff.getSize2D() / 10f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(shape);
        g.setColor(fill);
        g.fill(shape);
    }

    static BufferedImage newImage() {
        return new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    }

    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setComposite(AlphaComposite.SrcOver);
        return g;
    }

    static Color rgb(int hex) {
        return new Color(hex);
    }

    static void write(BufferedImage img, File f) throws IOException {
        if (!ImageIO.write(img, "png", f)) {
            throw new IOException("no PNG writer");
        }
        System.out.println("wrote " + f.getPath() + " (" + img.getWidth() + "x" + img.getHeight() + ", "
                + f.length() / 1024 + " KB)");
    }

    private DrawMedia() {
    }
}
