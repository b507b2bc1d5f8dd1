package id.layar.agent.telemetry;

import id.layar.playlist.proof.PlayRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The durable proof-of-play outbox: one SQLite file ({@code plays.db} in the state folder) that keeps every record
 * from the moment the item leaves the wall until the broker acknowledges it.
 *
 * <p>Durability: WAL journal with {@code synchronous=FULL}, so a record whose {@link #append} returned survives a power
 * cut. {@link #append} assigns the next {@code seq} and links {@code prev} to the hash of the last record ever appended,
 * both read from and written to the file in the same transaction as the record; the chain head is kept apart from the
 * records, so deleting acknowledged records never breaks the chain and a {@code seq} is never reused, across restarts
 * and power cuts alike. The file belongs to one device: opening it for another device id fails. It names its chain
 * ({@link PlayRecord#chain()}), drawn when the file is created: if the file is lost, the new one starts a new chain
 * whose records never collide with the old ones, and the fleet sees where one chain ended and the next began.
 *
 * <p>Threading: every method blocks on disk I/O (an fsync per append) and must not run on a Vert.x event loop; call it
 * from a worker ({@code executeBlocking}). Methods are synchronized, so one instance may be shared, but the agent uses it
 * from one ordered worker queue ({@link Telemetry}).
 */
public final class PlayOutbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlayOutbox.class);
    /** The file name {@link Telemetry} uses in the state folder. */
    public static final String FILE_NAME = "plays.db";
    /** 2: records name their chain. */
    private static final int SCHEMA = 2;

    private final Path file;
    private final String device;
    private final Connection db;
    private long size;
    private String chain;
    private long lastSeq;
    private String lastHash;

    private PlayOutbox(Path file, String device, Connection db) {
        this.file = file;
        this.device = device;
        this.db = db;
    }

    /**
     * An outbox and, when the file found was damaged, where it was moved.
     *
     * @param box      the outbox, ready
     * @param setAside the damaged file's new name, or null when the file was fine (or new)
     * @param reason   why it was set aside, or null
     */
    public record Opened(PlayOutbox box, Path setAside, String reason) {
    }

    /**
     * Opens the outbox like {@link #open}, but a file SQLite reports as damaged (not a database, or corrupt) does not
     * stop proof of play and the MQTT link until a technician comes: it is renamed to
     * {@code plays.db.damaged-<UTC time>} (kept for the record, with its WAL) and a new outbox begins a new chain, which
     * the fleet reports. Every other failure (another device's file, a newer schema, a full disk, permissions) is
     * thrown as by {@link #open}. Blocking.
     */
    public static Opened openOrSetAside(Path file, String device, Instant now) throws IOException {
        try {
            return new Opened(open(file, device), null, null);
        } catch (Damaged e) {
            String stamp = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace(":", "");
            Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + stamp);
            for (String suffix : List.of("-wal", "-shm")) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, aside.resolveSibling(aside.getFileName() + suffix));
                }
            }
            Files.move(file, aside);
            LOG.error("The proof-of-play outbox {} is damaged ({}); moved it to {} and started a new one: the fleet will"
                    + " see a new chain, and records in the old file that had not reached the broker are not sent",
                    file, e.getMessage(), aside);
            return new Opened(open(file, device), aside, e.getMessage());
        }
    }

    /** SQLite says the file is not a database or is corrupt. */
    private static final class Damaged extends IOException {
        Damaged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static boolean damaged(SQLException e) {
        if (e instanceof org.sqlite.SQLiteException se) {
            org.sqlite.SQLiteErrorCode code = se.getResultCode();
            return code == org.sqlite.SQLiteErrorCode.SQLITE_NOTADB || code == org.sqlite.SQLiteErrorCode.SQLITE_CORRUPT;
        }
        return false;
    }

    /**
     * Opens (or creates) the outbox file for {@code device}. Blocking.
     *
     * @throws IOException naming the file: it belongs to another device, is not an outbox, or cannot be opened
     */
    public static PlayOutbox open(Path file, String device) throws IOException {
        Objects.requireNonNull(file, "file");
        if (device == null || device.isEmpty()) {
            throw new IllegalArgumentException("device must not be empty");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(5000);
        Connection db = null;
        try {
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            PlayOutbox box = new PlayOutbox(file, device, db);
            box.init();
            return box;
        } catch (SQLException e) {
            closeQuietly(db);
            String message = "cannot open the proof-of-play outbox " + file + ": " + e.getMessage();
            if (damaged(e)) {
                throw new Damaged(message, e);
            }
            throw new IOException(message + " (if the file is damaged, move it away: the agent starts a new one, and"
                    + " the fleet sees a new chain)", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(db);
            throw e;
        }
    }

    private void init() throws SQLException, IOException {
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS plays (seq INTEGER PRIMARY KEY, record BLOB NOT NULL)");
            String owner = meta("device");
            if (owner == null) {
                putMeta("device", device);
                putMeta("schema", Integer.toString(SCHEMA));
                putMeta("chain", PlayRecord.newChain());
                putMeta("last_seq", "0");
                putMeta("last_hash", PlayRecord.GENESIS);
            } else if (!owner.equals(device)) {
                db.rollback();
                throw new IOException("the proof-of-play outbox " + file + " belongs to device '" + owner + "', not '"
                        + device + "': the state folder was copied from another controller or device: in agent.yaml was"
                        + " changed. Check device: in agent.yaml; if the id is right, move " + file + " away (its unsent"
                        + " records belong to '" + owner + "')");
            } else if (!Integer.toString(SCHEMA).equals(meta("schema"))) {
                db.rollback();
                throw new IOException("the proof-of-play outbox " + file + " has schema " + meta("schema") + "; this agent"
                        + " reads schema " + SCHEMA + ". If the agent was downgraded, install the newer one again; a file"
                        + " from an earlier test build can be moved away (the agent starts a new chain)");
            }
            chain = meta("chain");
            lastSeq = Long.parseLong(meta("last_seq"));
            lastHash = meta("last_hash");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM plays")) {
                r.next();
                size = r.getLong(1);
            }
            db.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    /**
     * Stores the next record of this device's chain and returns it. Durable when it returns (fsynced). Blocking.
     *
     * @throws IOException naming the file when the record could not be stored (nothing was stored, no seq used)
     */
    public synchronized PlayRecord append(String item, long version, Instant start, Instant end, PlayRecord.Outcome outcome)
            throws IOException {
        try {
            // Read the head again inside the write transaction: the file, not this object, is the truth.
            long seq = Long.parseLong(meta("last_seq")) + 1;
            PlayRecord r = PlayRecord.next(device, chain, seq, item, version, start, end, outcome, meta("last_hash"));
            try (PreparedStatement p = db.prepareStatement("INSERT INTO plays (seq, record) VALUES (?, ?)")) {
                p.setLong(1, r.seq());
                p.setBytes(2, r.toJson());
                p.executeUpdate();
            }
            putMeta("last_seq", Long.toString(r.seq()));
            putMeta("last_hash", r.hash());
            db.commit();
            size++;
            lastSeq = r.seq();
            lastHash = r.hash();
            return r;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IOException("cannot store a proof-of-play record in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Up to {@code max} records not yet acknowledged, oldest first. Blocking. */
    public List<PlayRecord> pending(int max) throws IOException {
        return pending(0, max);
    }

    /**
     * Up to {@code max} records not yet acknowledged whose seq is above {@code afterSeq}, in seq order. A stored record
     * that no longer parses or belongs to another row (a damaged file) is logged and dropped, so one bad row cannot
     * stall the outbox; the fleet sees its seq as a gap in the chain. A record that parses but whose hash no longer
     * matches (edited on the card) is sent as it is: the fleet keeps it and flags it, which is the evidence. Blocking.
     */
    public synchronized List<PlayRecord> pending(long afterSeq, int max) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1; found " + max);
        }
        List<PlayRecord> out = new ArrayList<>();
        List<Long> damaged = new ArrayList<>();
        try {
            try (PreparedStatement p = db.prepareStatement("SELECT seq, record FROM plays WHERE seq > ? ORDER BY seq LIMIT ?")) {
                p.setLong(1, afterSeq);
                p.setInt(2, max);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        long seq = r.getLong(1);
                        try {
                            PlayRecord rec = PlayRecord.parse(r.getBytes(2));
                            if (rec.seq() != seq || !rec.device().equals(device) || !rec.chain().equals(chain)) {
                                throw new IllegalArgumentException("the stored record does not match its row");
                            }
                            if (!rec.hashMatches()) {
                                LOG.warn("Proof-of-play record {} in {} no longer matches its hash (edited on the card);"
                                        + " sending it as it is, and the fleet flags it", rec.id(), file);
                            }
                            out.add(rec);
                        } catch (RuntimeException e) {
                            damaged.add(seq);
                            LOG.error("Dropping damaged proof-of-play record seq {} in {}: {}. The fleet will see it as a"
                                    + " gap in {}'s chain", seq, file, e.getMessage(), device);
                        }
                    }
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new IOException("cannot read the proof-of-play outbox " + file + ": " + e.getMessage(), e);
        }
        if (!damaged.isEmpty()) {
            acknowledged(damaged.stream().mapToLong(Long::longValue).toArray());
        }
        return out;
    }

    /**
     * Deletes the records the broker acknowledged, in one transaction; unknown seqs are ignored (a duplicate
     * acknowledgement). The chain head stays. Blocking.
     */
    public synchronized void acknowledged(long... seqs) throws IOException {
        if (seqs.length == 0) {
            return;
        }
        try {
            int deleted = 0;
            try (PreparedStatement p = db.prepareStatement("DELETE FROM plays WHERE seq = ?")) {
                for (long seq : seqs) {
                    p.setLong(1, seq);
                    deleted += p.executeUpdate();
                }
            }
            db.commit();
            size -= deleted;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new IOException("cannot delete acknowledged records from the proof-of-play outbox " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** How many records wait for an acknowledgement (kept in memory, no I/O; waits for an append in progress). */
    public synchronized long size() {
        return size;
    }

    /** The name of this outbox's chain (kept in memory, no I/O). */
    public synchronized String chain() {
        return chain;
    }

    /** The seq of the last record ever appended, 0 before the first (kept in memory, no I/O). */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** The hash of the last record ever appended, {@link PlayRecord#GENESIS} before the first. */
    public synchronized String lastHash() {
        return lastHash;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Closes the file; records not yet acknowledged stay in it for the next start. Blocking. */
    @Override
    public synchronized void close() throws IOException {
        try {
            if (!db.isClosed()) {
                db.close();
            }
        } catch (SQLException e) {
            throw new IOException("cannot close the proof-of-play outbox " + file + ": " + e.getMessage(), e);
        }
    }

    private String meta(String key) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            p.setString(1, key);
            p.setString(2, value);
            p.executeUpdate();
        }
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback of {} failed", file, e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Already failing; the first error is the one to report.
            }
        }
    }

    @Override
    public String toString() {
        return "PlayOutbox[" + file + ", device " + device + ", chain " + chain + "]";
    }
}
