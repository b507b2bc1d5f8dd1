package id.layar.agent.hardware;

/** An output whose light can be turned down. */
public interface Dimmable {
    /**
     * Sets the share of full light the output gives, 0 (dark) to 1 (full). Safe to call from any thread; the next
     * frame shown uses it. Cheap: a table of 256 entries is rebuilt, nothing per pixel.
     *
     * @throws IllegalArgumentException when {@code level} is not a number
     */
    void setBrightness(double level);

    /** The level last set (1 until set). */
    double brightness();
}
