package id.layar.render;

/**
 * Where frames go: an LED panel, a framebuffer, or memory. Renderers know only this port.
 *
 * <p>{@link #show} is called from one player thread. The caller reuses its frame for the next picture, so an
 * implementation must copy whatever it keeps before returning.
 */
public interface PanelPort {
    int width();

    int height();

    /** Puts {@code frame} (exactly {@code width() x height()}) on the panel. */
    void show(Frame frame);
}
