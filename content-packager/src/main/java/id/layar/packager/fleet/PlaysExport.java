package id.layar.packager.fleet;

import id.layar.playlist.proof.ChainCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Proof of play as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled) with
 * the header {@code id,device,chain,seq,item,version,start,end,outcome,hash}; times are ISO-8601 in the chosen zone with its
 * offset ({@code 2026-11-24T10:00:00+07:00}), the same instant the device recorded. Every device's chain is checked over
 * everything stored, not only the range, since a gap or an edit anywhere makes the whole record doubtful; a device with
 * more than one chain lost its outbox once, which shows as a {@link ChainCheck.Kind#RESTARTED} break.
 */
public final class PlaysExport {
    public static final String HEADER = "id,device,chain,seq,item,version,start,end,outcome,hash";

    /**
     * @param rows     plays written
     * @param devices  devices among them
     * @param breaks   every break in every device's chain
     * @param rejected messages the store kept aside (not records, another device's id, a reused id), with reasons
     */
    public record Result(long rows, int devices, List<ChainCheck.Break> breaks, long rejected, List<String> rejectedReasons) {
    }

    private PlaysExport() {
    }

    /** Writes the plays that started in {@code [from, to)} to {@code out} and checks every chain. */
    public static Result export(PlayStore store, Instant from, Instant to, ZoneId zone, Writer out) throws IOException {
        DateTimeFormatter time = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
        out.write(HEADER + "\r\n");
        long[] rows = {0};
        Set<String> devices = new TreeSet<>();
        try {
            store.startedBetween(from, to, row -> {
                var r = row.record();
                devices.add(r.device());
                rows[0]++;
                try {
                    out.write(String.join(",", field(r.id()), field(r.device()), r.chain(), Long.toString(r.seq()), field(r.item()),
                            Long.toString(r.version()), time.format(r.start()), time.format(r.end()), r.outcome().wireName(),
                            r.hash()) + "\r\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
        List<ChainCheck.Break> breaks = new ArrayList<>();
        for (String device : store.devices()) {
            List<String> chains = store.chains(device);
            for (int i = 0; i < chains.size(); i++) {
                if (i > 0) {
                    breaks.add(new ChainCheck.Break(device, chains.get(i), 1, ChainCheck.Kind.RESTARTED, 0));
                }
                breaks.addAll(store.withRecords(device, chains.get(i), ChainCheck::check));
            }
        }
        long rejected = store.rejected();
        return new Result(rows[0], devices.size(), breaks, rejected, rejected == 0 ? List.of() : store.rejectedReasons(20));
    }

    /** One CSV field: quoted when it holds a comma, a quote, CR or LF (RFC 4180). */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
