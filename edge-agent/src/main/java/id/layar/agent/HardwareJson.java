package id.layar.agent;

import id.layar.agent.hardware.BrightnessStatus;
import id.layar.agent.hardware.HardwareStatus;
import id.layar.agent.hardware.PanelPower;
import id.layar.agent.hardware.Watchdog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/** The {@code hardware} object of {@code GET /status} and the MQTT state: wire names, ISO instants, nulls kept. */
final class HardwareJson {
    private HardwareJson() {
    }

    static JsonObject of(HardwareStatus h) {
        if (h == null) {
            return null;
        }
        return new JsonObject()
                .put("output", h.output())
                .put("outputFault", h.outputFault())
                .put("framesPresented", h.framesPresented())
                .put("power", power(h.power()))
                .put("brightness", brightness(h.brightness()))
                .put("led", h.led())
                .put("faults", new JsonArray(h.faults()))
                .put("watchdog", watchdog(h.watchdog()));
    }

    private static JsonObject power(PanelPower.Status p) {
        return p == null ? null : new JsonObject().put("on", p.on()).put("reason", p.reason())
                .put("nextChange", text(p.nextChange())).put("relay", p.relay()).put("fault", p.fault());
    }

    private static JsonObject brightness(BrightnessStatus b) {
        return b == null ? null : new JsonObject().put("level", Math.round(b.level() * 1000) / 1000.0)
                .put("source", b.source().wireName()).put("lux", b.lux()).put("fault", b.fault()).put("at", text(b.at()));
    }

    private static JsonObject watchdog(Watchdog.Status w) {
        if (w == null) {
            return null;
        }
        JsonArray events = new JsonArray();
        for (Watchdog.Event e : w.events()) {
            events.add(new JsonObject().put("at", text(e.at())).put("kind", e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .put("detail", e.detail()));
        }
        return new JsonObject().put("restarts", w.restarts()).put("failing", w.failing())
                .put("lastAdvance", text(w.lastAdvance())).put("events", events);
    }

    private static String text(Instant i) {
        return i == null ? null : i.toString();
    }
}
