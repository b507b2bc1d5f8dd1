package id.layar.playlist;

/** The pixel geometry and frame rate a channel's content is made for. */
public record Panel(int width, int height, int fps) {
    public Panel {
        if (width < 16 || width > 7680 || height < 16 || height > 4320) {
            throw new IllegalArgumentException("panel must be 16..7680 x 16..4320 pixels; found " + width + "x" + height);
        }
        if (fps < 1 || fps > 60) {
            throw new IllegalArgumentException("panel fps must be 1..60; found " + fps);
        }
    }

    @Override
    public String toString() {
        return width + "x" + height + "@" + fps;
    }
}
