package id.layar.agent.hardware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MatrixLayoutTest {

    /** The chain position of each pixel of a 4x3 matrix, row by row, as drawn in the class's javadoc. */
    private static int[][] table(MatrixLayout l) {
        int[][] t = new int[l.height()][l.width()];
        for (int y = 0; y < l.height(); y++) {
            for (int x = 0; x < l.width(); x++) {
                t[y][x] = l.ledAt(x, y);
            }
        }
        return t;
    }

    @Test
    void rowMajorRunsEveryRowTheSameWay() {
        assertArrayEquals(new int[][] {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}},
                table(new MatrixLayout(4, 3, MatrixLayout.Wiring.ROW_MAJOR, MatrixLayout.Corner.TOP_LEFT)));
    }

    @Test
    void serpentineRowsAlternateDirection() {
        assertArrayEquals(new int[][] {{0, 1, 2, 3}, {7, 6, 5, 4}, {8, 9, 10, 11}},
                table(new MatrixLayout(4, 3, MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Corner.TOP_LEFT)));
    }

    @Test
    void columnMajorRunsDownEveryColumn() {
        assertArrayEquals(new int[][] {{0, 3, 6, 9}, {1, 4, 7, 10}, {2, 5, 8, 11}},
                table(new MatrixLayout(4, 3, MatrixLayout.Wiring.COLUMN_MAJOR, MatrixLayout.Corner.TOP_LEFT)));
    }

    @Test
    void zigzagColumnsAlternateDirection() {
        assertArrayEquals(new int[][] {{0, 5, 6, 11}, {1, 4, 7, 10}, {2, 3, 8, 9}},
                table(new MatrixLayout(4, 3, MatrixLayout.Wiring.ZIGZAG, MatrixLayout.Corner.TOP_LEFT)));
    }

    @Test
    void startCornerMirrorsThePath() {
        assertArrayEquals(new int[][] {{3, 2, 1, 0}, {4, 5, 6, 7}, {11, 10, 9, 8}},
                table(new MatrixLayout(4, 3, MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Corner.TOP_RIGHT)));
        assertArrayEquals(new int[][] {{8, 9, 10, 11}, {7, 6, 5, 4}, {0, 1, 2, 3}},
                table(new MatrixLayout(4, 3, MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Corner.BOTTOM_LEFT)));
        assertArrayEquals(new int[][] {{9, 8, 3, 2}, {10, 7, 4, 1}, {11, 6, 5, 0}},
                table(new MatrixLayout(4, 3, MatrixLayout.Wiring.ZIGZAG, MatrixLayout.Corner.BOTTOM_RIGHT)));
    }

    @Test
    void pixelOrderIsTheInverseOfLedAt() {
        MatrixLayout l = new MatrixLayout(5, 4, MatrixLayout.Wiring.ZIGZAG, MatrixLayout.Corner.BOTTOM_LEFT);
        int[] order = l.pixelOrder();
        assertEquals(20, order.length);
        for (int led = 0; led < order.length; led++) {
            assertEquals(led, l.ledAt(order[led] % 5, order[led] / 5));
        }
    }

    @Test
    void namesMatchTheConfigValues() {
        assertEquals(MatrixLayout.Wiring.SERPENTINE, MatrixLayout.Wiring.parse("serpentine"));
        assertEquals(MatrixLayout.Corner.BOTTOM_RIGHT, MatrixLayout.Corner.parse("bottom-right"));
        assertNull(MatrixLayout.Wiring.parse("snake"));
        assertEquals("row-major, serpentine, column-major, zigzag", MatrixLayout.Wiring.names());
    }

    @Test
    void tooManyLedsForOneChainAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new MatrixLayout(128, 128, MatrixLayout.Wiring.ROW_MAJOR, MatrixLayout.Corner.TOP_LEFT));
    }
}
