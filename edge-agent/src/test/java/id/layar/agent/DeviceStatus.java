package id.layar.agent;

import id.layar.agent.hardware.BrightnessStatus;
import id.layar.agent.hardware.HardwareStatus;
import id.layar.agent.hardware.PanelPower;
import id.layar.agent.hardware.Watchdog;
import id.layar.agent.telemetry.TelemetryStatus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The status of a device with a panel, a light sensor, a relay, a watchdog and a broker connection, as the agent
 * reports it: the JSON comes from the agent's own code ({@link StatusSnapshot#toJson()}, {@link HardwareJson},
 * {@link TelemetryStatus#toJson()}), so the field names are the real ones. {@link #tick} moves what moves by itself
 * on a device (frames, clocks, light, counters); the public fields are what a test changes by hand. Not thread-safe:
 * set it up, then hand out {@link #toJson()} snapshots.
 */
public final class DeviceStatus {
    public static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

    public final String device;
    public String channel = "simpang-lima";
    public long version = 3;
    public String playing = "cegah-dbd";
    public boolean panelOn = true;
    public String problem;
    public StatusSnapshot.RenderError renderError;
    public SyncOutcome.Kind lastSyncOutcome = SyncOutcome.Kind.UNCHANGED;
    public String lastSyncDetail = "the origin answered 304 Not Modified";
    /** Yesterday's refused playlist: a device that has been running a while has one. */
    public StatusSnapshot.LastRejection lastRejection = new StatusSnapshot.LastRejection(T0.minus(Duration.ofDays(1)),
            "blob-mismatch", "blob sha256:9f2c... of item 'promo-kopi' does not match its hash");
    public BrightnessStatus.Source brightnessSource = BrightnessStatus.Source.SENSOR;
    public String sensorFault;
    public int watchdogFailing;
    public final List<Watchdog.Event> watchdogEvents = new ArrayList<>();
    public boolean clockBehind;
    public boolean mqttConnected = true;
    public String mqttLastError;
    public String outboxReset;

    private Instant now = T0;
    private long frames = 90_000;
    private double lux = 180;
    private long outboxSize = 1;
    private long playsPublished = 40;
    private long notifications = 2;
    private long usedBytes = 48_000_000;
    private long freeBytes = 9_000_000_000L;
    private Instant lastSyncAt = T0.minusSeconds(30);

    public DeviceStatus(String device) {
        this.device = device;
    }

    /**
     * {@code d} passes on a working device: frames at 60 fps, the clocks, the light and the level that follows it, a
     * poll with the same outcome, plays sent and acknowledged, a notification, the storage gauges. Nothing that
     * matters to someone looking at the fleet.
     */
    public DeviceStatus tick(Duration d) {
        now = now.plus(d);
        frames += d.toSeconds() * 60;
        lux = lux >= 200 ? 170 : lux + 7.5;
        outboxSize = outboxSize == 0 ? 1 : 0;
        playsPublished += 1;
        notifications += 1;
        usedBytes += 4096;
        freeBytes -= 8192;
        lastSyncAt = now.minusSeconds(1);
        return this;
    }

    public Instant now() {
        return now;
    }

    public JsonObject toJson() {
        Instant since = T0.minusSeconds(3600);
        HardwareStatus hardware = new HardwareStatus("FramebufferPanel[/dev/fb0 1920x1080 16bpp]", null, frames,
                new PanelPower.Status(panelOn, panelOn ? "schedule" : "power-off window", T0.plusSeconds(15 * 3600), true,
                        null),
                new BrightnessStatus(Math.min(1, 0.2 + lux / 1000), brightnessSource, sensorFault == null ? lux : null,
                        sensorFault, now),
                panelOn ? "playing" : "panel-off", List.of(),
                new Watchdog.Status(0, watchdogFailing, now.minusMillis(16), List.copyOf(watchdogEvents)));
        TelemetryStatus mqtt = new TelemetryStatus(mqttConnected, "mqtts://broker.example.go.id:8883", mqttLastError,
                since, outboxSize, playsPublished, notifications, outboxReset);
        StatusSnapshot s = new StatusSnapshot(device, channel, version, T0.plus(Duration.ofDays(30)),
                playing == null ? null : new StatusSnapshot.Playing(playing, "Cegah DBD: 3M Plus", since),
                new StatusSnapshot.LastSync(lastSyncAt, lastSyncOutcome, lastSyncDetail), lastRejection, problem, renderError,
                Duration.between(since, now).toSeconds(), "0.1.0-test", 1,
                new StatusSnapshot.ClockStatus(now, now, clockBehind), null,
                new StatusSnapshot.Storage(usedBytes, 2_000_000_000L, freeBytes), now.plusSeconds(29),
                HardwareJson.of(hardware), null, mqtt.toJson());
        return s.toJson();
    }
}
