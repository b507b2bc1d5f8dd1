package id.layar.agent.hardware;

import java.util.List;

/**
 * The hardware's state for the status page and MQTT status.
 *
 * @param output          the output ("FramebufferPanel[/dev/fb0 ...]"), or "virtual"
 * @param outputFault     the output's last failure, or null
 * @param framesPresented frames that reached the output
 * @param power           panel power, or null when no power section is configured
 * @param brightness      brightness, or null when no light section is configured or before the first sample
 * @param led             the status LED's pattern name, or null when there is no LED
 * @param faults          devices that could not be opened and are running without (relay, sensor, LED)
 * @param watchdog        the frozen-screen watchdog, or null when there is none
 */
public record HardwareStatus(String output, String outputFault, long framesPresented, PanelPower.Status power,
                             BrightnessStatus brightness, String led, List<String> faults, Watchdog.Status watchdog) {
}
