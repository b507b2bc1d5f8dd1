package id.layar.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.DeviceStatus;
import id.layar.agent.StatusSnapshot;
import id.layar.agent.SyncOutcome;
import id.layar.agent.hardware.BrightnessStatus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What counts as a change of the retained state ({@link Telemetry#stableKey}), on a status as a device with hardware
 * and a broker reports it ({@link DeviceStatus}, made by the agent's own JSON code).
 */
class StateChangeTest {

    /** The state as Telemetry publishes it: the status plus the fields it adds. */
    static JsonObject state(DeviceStatus d) {
        return d.toJson().put("cpuTemperatureC", 51.2).put("diskFreeBytes", 9_000_000_000L)
                .put("at", d.now().toString()).put("online", true);
    }

    @Test
    void everyVolatilePathNamesAFieldOfARealStatus() {
        JsonObject s = state(new DeviceStatus("wall-a"));
        List<String> missing = new ArrayList<>();
        for (String path : Telemetry.VOLATILE_FIELDS) {
            JsonObject o = s;
            String[] names = path.split("\\.");
            for (int i = 0; i < names.length - 1 && o != null; i++) {
                o = o.getJsonObject(names[i]);
            }
            if (o == null || !o.containsKey(names[names.length - 1]) || o.getValue(names[names.length - 1]) == null) {
                missing.add(path);
            }
        }
        assertEquals(List.of(), missing, "volatile paths that name nothing in " + s.encodePrettily());
    }

    @Test
    void countersClocksAndGaugesTickingAtAnyDepthLeaveTheStateUnchanged() {
        DeviceStatus d = new DeviceStatus("wall-a");
        JsonObject first = state(d);
        for (int i = 0; i < 10; i++) {
            JsonObject later = state(d.tick(Duration.ofSeconds(1)));
            assertNotEquals(first.encode(), later.encode(), "the status does move");
            assertEquals(Telemetry.stableKey(first), Telemetry.stableKey(later), "after " + (i + 1) + " s:\n"
                    + first.encodePrettily() + "\n" + later.encodePrettily());
        }
        long framesBefore = first.getJsonObject("hardware").getLong("framesPresented");
        assertTrue(state(d).getJsonObject("hardware").getLong("framesPresented") > framesBefore, "frames moved");
    }

    @Test
    void aMeaningfulChangeAtAnyDepthChangesTheState() {
        List<Change> changes = List.of(
                new Change("a new playlist version", d -> d.version = 4),
                new Change("the panel is switched off", d -> d.panelOn = false),
                new Change("a problem", d -> d.problem = "the accepted playlist expired"),
                new Change("an item cannot be drawn", d -> d.renderError = new StatusSnapshot.RenderError(d.now(),
                        "cegah-dbd", "java.io.IOException: truncated PNG")),
                new Change("the origin cannot be reached", d -> {
                    d.lastSyncOutcome = SyncOutcome.Kind.FAILED;
                    d.lastSyncDetail = "cannot reach https://origin.example.go.id: connection refused";
                }),
                new Change("a new rejection", d -> d.lastRejection = new StatusSnapshot.LastRejection(d.now(),
                        "bad-signature", "playlist.json: the signature does not verify")),
                new Change("the system clock falls behind trusted time", d -> d.clockBehind = true),
                new Change("the frozen-screen watchdog is failing", d -> d.watchdogFailing = 1),
                new Change("the light sensor fails", d -> {
                    d.sensorFault = "BH1750 on I2C bus 1 at 0x23 does not answer";
                    d.brightnessSource = BrightnessStatus.Source.SCHEDULE;
                }),
                new Change("an outbox error", d -> d.mqttLastError = "plays.db: disk I/O error"));
        for (Change c : changes) {
            DeviceStatus d = new DeviceStatus("wall-a");
            String before = Telemetry.stableKey(state(d));
            c.apply().accept(d);
            assertNotEquals(before, Telemetry.stableKey(state(d)), c.what());
        }
    }

    @Test
    void aNewItemOnTheWallIsSentAtMostOnceAMinuteNotEveryTenSeconds() {
        DeviceStatus d = new DeviceStatus("wall-a");
        JsonObject before = state(d);
        d.playing = "jadwal-posyandu";
        JsonObject after = state(d);
        assertEquals(Telemetry.stableKey(before), Telemetry.stableKey(after), "the item alone is not a meaningful change");
        assertNotEquals(Telemetry.slowKey(before), Telemetry.slowKey(after), "but it is a change of the item on the wall");
        Duration heartbeat = Duration.ofMinutes(5);
        long tenSeconds = Duration.ofSeconds(10).toNanos();
        assertFalse(Telemetry.due(true, false, tenSeconds, heartbeat), "10 s after the last state: wait");
        assertTrue(Telemetry.due(true, false, Telemetry.SLOW_CHANGE_INTERVAL.toNanos(), heartbeat), "a minute after: send");
        assertFalse(Telemetry.due(true, true, Telemetry.SLOW_CHANGE_INTERVAL.toNanos(), heartbeat), "no change: wait");
        assertTrue(Telemetry.due(false, true, 0, heartbeat), "a meaningful change goes at once");
        assertTrue(Telemetry.due(true, true, heartbeat.toNanos(), heartbeat), "the heartbeat");
        // A day of a loop of two 10-second items, checked once a second as Telemetry does.
        int sent = 0;
        long since = 0;
        String lastSent = "cegah-dbd";
        for (int second = 0; second < 86_400; second++) {
            String onWall = (second / 10) % 2 == 0 ? "cegah-dbd" : "jadwal-posyandu";
            if (Telemetry.due(true, onWall.equals(lastSent), since, heartbeat)) {
                sent++;
                since = 0;
                lastSent = onWall;
            }
            since += Duration.ofSeconds(1).toNanos();
        }
        assertTrue(sent >= 1000, "the item on the wall is still reported: " + sent);
        assertTrue(sent <= 1440, sent + " states in a day");
    }

    private record Change(String what, Consumer<DeviceStatus> apply) {
    }
}
