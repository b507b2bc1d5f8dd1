package id.layar.agent.hardware;

/**
 * How the panel image is turned, clockwise, on its way into the HDMI picture. For 90 and 270 the window the sender
 * card captures is the panel's height wide and its width high. Check with the grid test pattern: its top edge is red,
 * right green, bottom blue, left yellow.
 */
public enum Rotation {
    R0(0), R90(90), R180(180), R270(270);

    private final int degrees;

    Rotation(int degrees) {
        this.degrees = degrees;
    }

    public int degrees() {
        return degrees;
    }

    /** Whether the image's width and height swap in the HDMI picture. */
    public boolean swapsSides() {
        return this == R90 || this == R270;
    }

    /** The rotation of {@code degrees} clockwise, or null when it is not 0, 90, 180 or 270. */
    public static Rotation ofDegrees(int degrees) {
        for (Rotation r : values()) {
            if (r.degrees == degrees) {
                return r;
            }
        }
        return null;
    }
}
