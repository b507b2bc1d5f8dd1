package id.layar.render;

/** The in-memory panel for tests and the demo: keeps a copy of the last frame shown. */
public final class VirtualPanel implements PanelPort {
    private final Frame last;
    private long shown;

    public VirtualPanel(int width, int height) {
        this.last = new Frame(width, height);
    }

    @Override
    public int width() {
        return last.width();
    }

    @Override
    public int height() {
        return last.height();
    }

    /** Copies {@code frame}; it must be the panel's size (IllegalArgumentException naming both sizes). */
    @Override
    public synchronized void show(Frame frame) {
        last.copyFrom(frame);
        shown++;
    }

    /** A copy of the last frame shown; black before any. Safe to call while another thread shows frames. */
    public synchronized Frame snapshot() {
        return last.copy();
    }

    public synchronized long framesShown() {
        return shown;
    }

    @Override
    public String toString() {
        return "VirtualPanel[" + last.sizeText() + "]";
    }
}
