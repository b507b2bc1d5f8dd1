package id.layar.agent.hardware;

import id.layar.render.Frame;
import id.layar.render.PanelPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real output wrapped for the {@link Watchdog}: counts the frames that reached the hardware, records the output's
 * failure instead of throwing it at the player every frame, and reopens the output when asked. The reopen happens on
 * the player thread at its next {@link #show}, so the output is never used by two threads; the brightness last set is
 * applied to the reopened output.
 */
public final class SupervisedPanel implements PanelPort, Dimmable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedPanel.class);

    /** Opens (or reopens) the real output. */
    @FunctionalInterface
    public interface Opener {
        PanelPort open() throws HardwareException;
    }

    private final int width;
    private final int height;
    private final Opener opener;
    private volatile PanelPort delegate;
    private volatile long presented;
    private volatile String fault;
    private volatile boolean reopenRequested;
    private volatile double brightness = 1;
    private volatile long reopens;

    /**
     * Opens the output at once.
     *
     * @throws HardwareException when it cannot be opened (the agent should not start: nothing could be shown)
     */
    public SupervisedPanel(int width, int height, Opener opener) throws HardwareException {
        this.width = width;
        this.height = height;
        this.opener = opener;
        this.delegate = checked(opener.open());
    }

    private PanelPort checked(PanelPort p) {
        if (p.width() != width || p.height() != height) {
            closeQuietly(p);
            throw new IllegalArgumentException("the output opened as " + p.width() + "x" + p.height() + ", not the "
                    + width + "x" + height + " the panel is configured as");
        }
        if (p instanceof Dimmable d) {
            d.setBrightness(brightness);
        }
        return p;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** Shows {@code frame} on the output; a failing output is recorded (see {@link #fault}), not thrown. */
    @Override
    public void show(Frame frame) {
        if (reopenRequested) {
            reopen();
        }
        PanelPort p = delegate;
        if (p == null) {
            return;
        }
        try {
            p.show(frame);
            presented++;
        } catch (RuntimeException e) {
            if (fault == null) {
                LOG.warn("the output {} failed: {}", p, e.toString());
            }
            fault = "the output failed: " + e.getMessage();
        }
    }

    private void reopen() {
        reopenRequested = false;
        reopens++;
        closeQuietly(delegate);
        delegate = null;
        try {
            delegate = checked(opener.open());
            fault = null;
            LOG.info("reopened the output: {}", delegate);
        } catch (HardwareException | RuntimeException e) {
            fault = "cannot reopen the output: " + e.getMessage();
            LOG.warn("{}", fault);
        }
    }

    /** Asks for the output to be closed and opened again before the next frame (any thread). */
    public void requestReopen() {
        reopenRequested = true;
    }

    /** Frames that reached the output. */
    public long framesPresented() {
        return presented;
    }

    /** Whether the output's last frame went through (and it is open). */
    public boolean healthy() {
        return fault == null;
    }

    /** The output's last failure, or null. */
    public String fault() {
        return fault;
    }

    public long reopens() {
        return reopens;
    }

    @Override
    public void setBrightness(double level) {
        brightness = level;
        if (delegate instanceof Dimmable d) {
            d.setBrightness(level);
        }
    }

    @Override
    public double brightness() {
        return brightness;
    }

    @Override
    public void close() {
        closeQuietly(delegate);
        delegate = null;
    }

    private static void closeQuietly(PanelPort p) {
        if (p instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // Reopening or stopping anyway.
            }
        }
    }

    @Override
    public String toString() {
        PanelPort p = delegate;
        return "SupervisedPanel[" + (p == null ? "closed" : p) + "]";
    }
}
