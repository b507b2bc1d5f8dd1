package id.layar.agent.hardware;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Panel power: the {@link PowerSchedule} decides, a {@link PowerRelay} (if fitted) obeys, and the player asks
 * {@link #shouldShow} each tick so it idles while the panel is dark. Off-hours signed into the accepted playlist
 * ({@link #playlistOff}) replace the config's while that playlist is accepted.
 *
 * <p>{@link #shouldShow} is the one place the on/off decision is made (the relay, the player, the watchdog and the
 * status LED all ask it), most deliberate first:
 * <ol>
 *   <li>a technician's override ({@link #override}: "keep on" or "keep off" for a while) wins while it runs, so an
 *       explicit "keep off" also hides a test pattern;</li>
 *   <li>an active test pattern ({@link #testPatternWhile}) keeps the panel on, so a technician lining up the wall at
 *       night sees it; when the pattern ends or is cleared the schedule applies again;</li>
 *   <li>otherwise the schedule.</li>
 * </ol>
 *
 * <p>{@link #shouldShow} is pure and cheap (no I/O). {@link #apply} writes the relay and is meant for a timer every
 * second or so; GPIO writes are quick but belong off the event loop in principle, so the agent may run it on a worker.
 */
public final class PanelPower {
    private static final Logger LOG = LoggerFactory.getLogger(PanelPower.class);

    /**
     * What the panel's power is doing.
     *
     * @param on         whether the panel should be lit now
     * @param reason     why: {@code schedule} (the config's off-hours), {@code playlist} (the playlist's),
     *                   {@code override} (a technician's keep on/off), {@code test-pattern} (on while a test pattern
     *                   shows) or {@code always-on}
     * @param nextChange when the schedule next switches, or null
     * @param relay      whether a relay is fitted
     * @param fault      the relay's last failure, or null
     */
    public record Status(boolean on, String reason, Instant nextChange, boolean relay, String fault) {
    }

    private record Override(boolean on, Instant until) {
    }

    private final PowerSchedule configured;
    /** The schedule in force: the config's, or the accepted playlist's off-hours. */
    private volatile PowerSchedule schedule;
    private volatile boolean fromPlaylist;
    private final PowerRelay relay;
    private final Supplier<ZoneId> zone;
    private volatile Override override;
    private volatile Predicate<Instant> testPattern = now -> false;
    private volatile String fault;

    /**
     * @param schedule when the panel is off
     * @param relay    the relay, or null when none is fitted (then only the player idles)
     * @param zone     the zone to read the schedule in, asked each time: the accepted playlist's zone, or the
     *                 schedule's own zone before any playlist
     */
    public PanelPower(PowerSchedule schedule, PowerRelay relay, Supplier<ZoneId> zone) {
        this.configured = Objects.requireNonNull(schedule, "schedule");
        this.schedule = schedule;
        this.relay = relay;
        this.zone = zone == null ? schedule::zone : zone;
    }

    public PowerSchedule schedule() {
        return schedule;
    }

    /**
     * The off-hours signed into the accepted playlist: non-empty ones replace the config's; empty ones (a playlist
     * that says nothing) bring the config's back. Cheap when nothing changed; any thread.
     */
    public void playlistOff(java.util.List<PowerSchedule.Window> off) {
        PowerSchedule next = off == null || off.isEmpty() ? configured : new PowerSchedule(off, configured.zone());
        if (!next.equals(schedule)) {
            schedule = next;
            fromPlaylist = next != configured;
            LOG.info("panel off-hours now {} ({})", next.off().isEmpty() ? "none" : next.off(),
                    fromPlaylist ? "from the playlist" : "from the config");
        }
    }

    /**
     * Whether the panel is on at {@code now}: a technician's override while it runs, else on while a test pattern
     * shows, else the schedule. Pure and cheap.
     */
    public boolean shouldShow(Instant now) {
        Override o = override;
        if (o != null && now.isBefore(o.until())) {
            return o.on();
        }
        if (testPattern.test(now)) {
            return true;
        }
        return schedule.isOn(now, currentZone());
    }

    /**
     * Where to ask whether a test pattern is on the wall at a moment (the player); while one is, the panel stays on
     * whatever the schedule says. Set once, before the agent starts; the predicate must be cheap and must not block.
     */
    public void testPatternWhile(Predicate<Instant> active) {
        this.testPattern = Objects.requireNonNull(active, "active");
    }

    /** When a technician's "keep off" running at {@code now} ends (it hides a test pattern too), or null if none runs. */
    public Instant keptOffUntil(Instant now) {
        Override o = override;
        return o != null && !o.on() && now.isBefore(o.until()) ? o.until() : null;
    }

    /** Keeps the panel {@code on} (or off) until {@code until}, whatever the schedule says. */
    public void override(boolean on, Instant until) {
        override = new Override(on, Objects.requireNonNull(until, "until"));
    }

    public void clearOverride() {
        override = null;
    }

    /** Sets the relay to what {@link #shouldShow} says and returns the status. Never throws: a relay fault shows in status. */
    public Status apply(Instant now) {
        boolean on = shouldShow(now);
        if (relay != null) {
            try {
                boolean was = relay.isOn();
                relay.set(on);
                if (was != on) {
                    LOG.info("panel power {} by {}", on ? "on" : "off", reason(now));
                }
                fault = null;
            } catch (RuntimeException e) {
                String f = "cannot switch the power relay on GPIO" + relay.pin() + ": " + e.getMessage()
                        + "; check the relay's wiring and that nothing else claims the pin";
                if (!f.equals(fault)) {
                    LOG.warn("{}", f);
                }
                fault = f;
            }
        }
        return status(now);
    }

    /** The status at {@code now}, without touching the relay. */
    public Status status(Instant now) {
        return new Status(shouldShow(now), reason(now), schedule.nextChange(now, currentZone()), relay != null, fault);
    }

    private String reason(Instant now) {
        Override o = override;
        if (o != null && now.isBefore(o.until())) {
            return "override";
        }
        if (testPattern.test(now) && !schedule.isOn(now, currentZone())) {
            return "test-pattern";
        }
        return schedule.off().isEmpty() ? "always-on" : fromPlaylist ? "playlist" : "schedule";
    }

    private ZoneId currentZone() {
        ZoneId z = zone.get();
        return z == null ? schedule.zone() : z;
    }
}
