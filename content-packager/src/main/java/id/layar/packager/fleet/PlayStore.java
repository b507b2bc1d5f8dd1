package id.layar.packager.fleet;

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
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Proof of play in a SQLite file ({@code plays.db}): one row per record, keyed by its id {@code <device>/<chain>/<seq>}, with
 * the exact bytes the device sent. A record delivered twice (QoS 1 is "at least once") is stored once. A record whose
 * hash does not match is kept and flagged (it is evidence); anything that is not a record, or that claims another
 * device's id, or that reuses a stored id with different content, goes to the {@code rejected} table with the reason.
 *
 * <p>Every {@link #add} is one committed transaction with {@code synchronous=FULL}: when it returns, the record
 * survives a power cut, and only then may the broker be told it arrived. One connection; methods are synchronized.
 */
public final class PlayStore implements AutoCloseable {
    /** What {@link #add} did with a message. */
    public enum Added {
        /** A new record. */
        STORED,
        /** The same record again (a redelivery): nothing changed. */
        DUPLICATE,
        /** Not stored as a play: kept in {@code rejected} with the reason. */
        REJECTED
    }

    /** A stored play and whether its hash matched when it arrived. */
    public record Row(PlayRecord record, boolean hashOk) {
    }

    private final Connection db;
    private final Path file;

    private PlayStore(Connection db, Path file) {
        this.db = db;
        this.file = file;
    }

    /** Opens (creating if need be) the store at {@code file}. */
    public static PlayStore open(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + abs);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=10000");
                requireChainColumn(s, abs);
                s.execute("""
                        CREATE TABLE IF NOT EXISTS plays (
                          id TEXT PRIMARY KEY,
                          device TEXT NOT NULL, chain TEXT NOT NULL, seq INTEGER NOT NULL, item TEXT NOT NULL, version INTEGER NOT NULL,
                          start TEXT NOT NULL, start_ms INTEGER NOT NULL, "end" TEXT NOT NULL, outcome TEXT NOT NULL,
                          prev TEXT NOT NULL, hash TEXT NOT NULL, hash_ok INTEGER NOT NULL,
                          raw BLOB NOT NULL, received TEXT NOT NULL)""");
                s.execute("CREATE INDEX IF NOT EXISTS plays_start ON plays(start_ms)");
                s.execute("CREATE INDEX IF NOT EXISTS plays_device_chain_seq ON plays(device, chain, seq)");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS rejected (
                          topic TEXT NOT NULL, raw BLOB NOT NULL, reason TEXT NOT NULL, received TEXT NOT NULL)""");
            }
            return new PlayStore(c, abs);
        } catch (SQLException e) {
            throw new IOException(abs + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Stores one message from {@code layar/devices/<topicDevice>/plays}.
     *
     * @param topicDevice the device id from the topic (the broker's ACL vouches for it)
     * @param raw         the message payload
     * @param received    when it arrived
     */
    public synchronized Added add(String topicDevice, byte[] raw, Instant received) throws IOException {
        PlayRecord r;
        try {
            r = PlayRecord.parse(raw);
        } catch (RuntimeException e) {
            reject("layar/devices/" + topicDevice + "/plays", raw, "not a play record: " + e.getMessage(), received);
            return Added.REJECTED;
        }
        if (!r.device().equals(topicDevice)) {
            reject("layar/devices/" + topicDevice + "/plays", raw, "a record of device " + r.device()
                    + " published by device " + topicDevice, received);
            return Added.REJECTED;
        }
        try (PreparedStatement ins = db.prepareStatement("""
                INSERT OR IGNORE INTO plays(id, device, chain, seq, item, version, start, start_ms, "end", outcome, prev,
                  hash, hash_ok, raw, received) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""")) {
            int i = 0;
            ins.setString(++i, r.id());
            ins.setString(++i, r.device());
            ins.setString(++i, r.chain());
            ins.setLong(++i, r.seq());
            ins.setString(++i, r.item());
            ins.setLong(++i, r.version());
            ins.setString(++i, r.start().toString());
            ins.setLong(++i, r.start().toEpochMilli());
            ins.setString(++i, r.end().toString());
            ins.setString(++i, r.outcome().wireName());
            ins.setString(++i, r.prev());
            ins.setString(++i, r.hash());
            ins.setInt(++i, r.hashMatches() ? 1 : 0);
            ins.setBytes(++i, raw);
            ins.setString(++i, received.toString());
            if (ins.executeUpdate() == 1) {
                return Added.STORED;
            }
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        byte[] stored = rawOf(r.id());
        if (stored != null && !Arrays.equals(stored, raw)) {
            reject("layar/devices/" + topicDevice + "/plays", raw, "record " + r.id()
                    + " again with different content (an edit)", received);
            return Added.REJECTED;
        }
        return Added.DUPLICATE;
    }

    private byte[] rawOf(String id) throws IOException {
        try (PreparedStatement q = db.prepareStatement("SELECT raw FROM plays WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private void reject(String topic, byte[] raw, String reason, Instant received) throws IOException {
        try (PreparedStatement ins = db.prepareStatement("INSERT INTO rejected(topic, raw, reason, received) VALUES (?,?,?,?)")) {
            ins.setString(1, topic);
            ins.setBytes(2, raw);
            ins.setString(3, reason);
            ins.setString(4, received.toString());
            ins.executeUpdate();
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The devices with stored plays, sorted. */
    public synchronized List<String> devices() throws IOException {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT device FROM plays ORDER BY device")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The chains of one device, oldest first (by their first play). More than one means the device lost its outbox
     * and began again.
     */
    public synchronized List<String> chains(String device) throws IOException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT chain FROM plays WHERE device = ? GROUP BY chain ORDER BY MIN(start_ms), chain")) {
            q.setString(1, device);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Every stored record of one chain of one device, in seq order, re-read from the bytes the device sent. */
    public List<PlayRecord> records(String device, String chain) throws IOException {
        return withRecords(device, chain, all -> {
            List<PlayRecord> out = new ArrayList<>();
            all.forEach(out::add);
            return out;
        });
    }

    /**
     * Runs {@code check} over every stored record of one chain of one device in seq order, streamed from the file (a
     * year of plays need not fit in memory), re-read from the bytes the device sent.
     */
    public synchronized <T> T withRecords(String device, String chain, java.util.function.Function<Iterable<PlayRecord>, T> check)
            throws IOException {
        try (PreparedStatement q = db.prepareStatement("SELECT raw FROM plays WHERE device = ? AND chain = ? ORDER BY seq")) {
            q.setString(1, device);
            q.setString(2, chain);
            q.setFetchSize(1000);
            try (ResultSet rs = q.executeQuery()) {
                boolean[] used = {false};
                Iterable<PlayRecord> once = () -> {
                    if (used[0]) {
                        throw new IllegalStateException("the records can be read once");
                    }
                    used[0] = true;
                    return new java.util.Iterator<>() {
                        private Boolean ahead;

                        @Override
                        public boolean hasNext() {
                            if (ahead == null) {
                                try {
                                    ahead = rs.next();
                                } catch (SQLException e) {
                                    throw new java.io.UncheckedIOException(new IOException(file + ": " + e.getMessage(), e));
                                }
                            }
                            return ahead;
                        }

                        @Override
                        public PlayRecord next() {
                            if (!hasNext()) {
                                throw new java.util.NoSuchElementException();
                            }
                            ahead = null;
                            try {
                                return PlayRecord.parse(rs.getBytes(1));
                            } catch (SQLException e) {
                                throw new java.io.UncheckedIOException(new IOException(file + ": " + e.getMessage(), e));
                            }
                        }
                    };
                };
                return check.apply(once);
            }
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Plays that started in {@code [from, to)}, by start, device, chain and seq. */
    public synchronized void startedBetween(Instant from, Instant to, Consumer<Row> each) throws IOException {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT raw, hash_ok FROM plays WHERE start_ms >= ? AND start_ms < ? ORDER BY start_ms, device, chain, seq")) {
            q.setLong(1, from.toEpochMilli());
            q.setLong(2, to.toEpochMilli());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    each.accept(new Row(PlayRecord.parse(rs.getBytes(1)), rs.getInt(2) == 1));
                }
            }
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public synchronized long count() throws IOException {
        return single("SELECT COUNT(*) FROM plays");
    }

    /** How many messages were kept aside in {@code rejected}. */
    public synchronized long rejected() throws IOException {
        return single("SELECT COUNT(*) FROM rejected");
    }

    /** The reasons in {@code rejected}, oldest first (at most {@code limit}). */
    public synchronized List<String> rejectedReasons(int limit) throws IOException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT topic, reason FROM rejected ORDER BY rowid LIMIT ?")) {
            q.setInt(1, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + ": " + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A store from before records named their chain cannot hold today's records: say so rather than fail on insert. */
    private static void requireChainColumn(Statement s, Path file) throws SQLException {
        boolean table = false;
        boolean chain = false;
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(plays)")) {
            while (rs.next()) {
                table = true;
                chain |= "chain".equals(rs.getString("name"));
            }
        }
        if (table && !chain) {
            throw new SQLException("this proof-of-play store was written by an earlier test build, before records named"
                    + " their chain; export it with that build, then start a new file here");
        }
    }

    private long single(String sql) throws IOException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
