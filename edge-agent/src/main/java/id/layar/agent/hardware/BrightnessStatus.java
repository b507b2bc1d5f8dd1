package id.layar.agent.hardware;

import java.time.Instant;

/**
 * The panel brightness and where it came from, for the status page.
 *
 * @param level  the level applied to the outputs, 0..1
 * @param source where the target came from
 * @param lux    the last light reading, or null when there is none
 * @param fault  why the sensor is not used (absent, not answering), or null
 * @param at     when this was worked out
 */
public record BrightnessStatus(double level, Source source, Double lux, String fault, Instant at) {
    public enum Source {
        SENSOR("sensor"), SCHEDULE("schedule");

        private final String wireName;

        Source(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
