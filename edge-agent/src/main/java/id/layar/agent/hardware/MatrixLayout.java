package id.layar.agent.hardware;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the LEDs of a small matrix are chained: which pixel the first LED shows and the path the chain takes. Named
 * data, the same names as the config keys {@code hardware.spi.layout} and {@code hardware.spi.start} and the wiring
 * doc ({@code hardware-notes/wiring.md}).
 *
 * <pre>
 *  row-major, top-left     serpentine, top-left     column-major, top-left   zigzag, top-left
 *   0  1  2  3               0  1  2  3               0  3  6  9               0  5  6 11
 *   4  5  6  7               7  6  5  4               1  4  7 10               1  4  7 10
 *   8  9 10 11               8  9 10 11               2  5  8 11               2  3  8  9
 * </pre>
 *
 * @param width  LEDs across
 * @param height LEDs down
 * @param wiring the path the chain takes
 * @param start  the corner of the first LED (where the data wire comes in), seen from the front
 */
public record MatrixLayout(int width, int height, Wiring wiring, Corner start) {
    /** The most LEDs one chain may have: 8192 LEDs at 32 bits each already take 13 ms at 20 MHz. */
    public static final int MAX_LEDS = 8192;

    /** The path a chain takes through the matrix. */
    public enum Wiring {
        ROW_MAJOR("row-major", "along each row, every row in the same direction"),
        SERPENTINE("serpentine", "along each row, every other row running back (rows alternate direction)"),
        COLUMN_MAJOR("column-major", "down each column, every column in the same direction"),
        ZIGZAG("zigzag", "down each column, every other column running back (columns alternate direction)");

        private final String wireName;
        private final String description;

        Wiring(String wireName, String description) {
            this.wireName = wireName;
            this.description = description;
        }

        public String wireName() {
            return wireName;
        }

        public String description() {
            return description;
        }

        /** The wiring named {@code name} ({@code row-major}, {@code serpentine}, ...), or null. */
        public static Wiring parse(String name) {
            for (Wiring w : values()) {
                if (w.wireName.equals(name)) {
                    return w;
                }
            }
            return null;
        }

        public static String names() {
            return Arrays.stream(values()).map(Wiring::wireName).collect(Collectors.joining(", "));
        }
    }

    /** A corner of the matrix seen from the front (the side people look at). */
    public enum Corner {
        TOP_LEFT("top-left"), TOP_RIGHT("top-right"), BOTTOM_LEFT("bottom-left"), BOTTOM_RIGHT("bottom-right");

        private final String wireName;

        Corner(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        boolean right() {
            return this == TOP_RIGHT || this == BOTTOM_RIGHT;
        }

        boolean bottom() {
            return this == BOTTOM_LEFT || this == BOTTOM_RIGHT;
        }

        public static Corner parse(String name) {
            for (Corner c : values()) {
                if (c.wireName.equals(name)) {
                    return c;
                }
            }
            return null;
        }

        public static String names() {
            return Arrays.stream(values()).map(Corner::wireName).collect(Collectors.joining(", "));
        }
    }

    public MatrixLayout {
        if (wiring == null || start == null) {
            throw new NullPointerException("wiring and start must be set");
        }
        if (width < 1 || height < 1 || (long) width * height > MAX_LEDS) {
            throw new IllegalArgumentException("a matrix must have 1.." + MAX_LEDS + " LEDs; found " + width + "x" + height);
        }
    }

    public int ledCount() {
        return width * height;
    }

    /** The position in the chain (0 = first LED after the controller) of the LED that shows pixel (x, y). */
    public int ledAt(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("(" + x + ", " + y + ") is outside the " + width + "x" + height + " matrix");
        }
        // Coordinates seen from the start corner.
        int cx = start.right() ? width - 1 - x : x;
        int cy = start.bottom() ? height - 1 - y : y;
        return switch (wiring) {
            case ROW_MAJOR -> cy * width + cx;
            case SERPENTINE -> cy * width + ((cy & 1) == 0 ? cx : width - 1 - cx);
            case COLUMN_MAJOR -> cx * height + cy;
            case ZIGZAG -> cx * height + ((cx & 1) == 0 ? cy : height - 1 - cy);
        };
    }

    /** For each LED in chain order, the index ({@code y * width + x}) of the frame pixel it shows. A new array. */
    public int[] pixelOrder() {
        int[] order = new int[ledCount()];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                order[ledAt(x, y)] = y * width + x;
            }
        }
        return order;
    }

    @Override
    public String toString() {
        return width + "x" + height + " " + wiring.wireName() + " from " + start.wireName();
    }
}
