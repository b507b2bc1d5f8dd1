package id.layar.packager.cli;

import id.layar.packager.ExitCodes;
import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import id.layar.packager.Session;
import id.layar.packager.fleet.PlayStore;
import id.layar.packager.fleet.PlaysExport;
import id.layar.playlist.proof.ChainCheck;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet plays --db plays.db --from DATE --to DATE}: proof of play as CSV for a date range, after checking every
 * device's hash chain (breaks on stderr and exit {@link ExitCodes#DATA_PROBLEM}; the CSV is written anyway).
 */
@Command(name = "plays", description = "Exports proof of play for a date range as CSV and checks every device's chain of records.")
public final class FleetPlaysCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The proof-of-play store (serve prints where it keeps it; fleet collect --db writes one).")
    Path db;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First day, like 2026-11-01.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last day (included), like 2026-11-30.")
    String to;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "Asia/Jakarta",
            description = "Time zone of the days and of the times in the CSV (default: ${DEFAULT-VALUE}; Asia/Makassar for WITA, Asia/Jayapura for WIT).")
    String zone;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV to this file (replaced whole, never half-written) instead of the screen.")
    Path out;

    private final Session session;

    public FleetPlaysCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() throws IOException {
        LocalDate first = date("--from", from);
        LocalDate last = date("--to", to);
        if (last.isBefore(first)) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.playsRange", from, to));
        }
        ZoneId z;
        try {
            z = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.playsZone", zone));
        }
        if (!Files.isRegularFile(db)) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.playsNoDb", db));
        }
        Instant start = first.atStartOfDay(z).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(z).toInstant();
        PlaysExport.Result result;
        try (PlayStore store = PlayStore.open(db)) {
            if (out == null) {
                Writer w = session.out();
                result = PlaysExport.export(store, start, end, z, w);
            } else {
                result = toFile(store, start, end, z);
            }
        }
        session.note("plays.done", result.rows(), session.messages().count(result.devices(), "device"), first, last, z,
                out == null ? "-" : out);
        for (ChainCheck.Break b : result.breaks()) {
            session.note("plays.break." + b.kind().name(), b.device(), b.chain(), b.seq(), b.count(),
                    b.seq() + b.count() - 1, b.seq() - 1);
        }
        for (String reason : result.rejectedReasons()) {
            session.note("plays.rejected", reason);
        }
        if (result.breaks().isEmpty() && result.rejected() == 0) {
            session.note("plays.chainsOk");
            return ExitCodes.OK;
        }
        session.note("plays.problems", result.breaks().size(), result.rejected(), db);
        return ExitCodes.DATA_PROBLEM;
    }

    /** Writes beside the target, syncs and renames: the file is the old one or the whole new one. */
    private PlaysExport.Result toFile(PlayStore store, Instant start, Instant end, ZoneId z) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            PlaysExport.Result r;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
                 Writer w = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8))) {
                r = PlaysExport.export(store, start, end, z, w);
                w.flush();
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return r;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static LocalDate date(String option, String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.playsDate", option, text));
        }
    }
}
