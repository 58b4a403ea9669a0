package cn.pzh.eligibility.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Re-evaluation runs and their items in the register's database. An item holds the proposed determination as exact
 * bytes; {@link #confirm} appends those bytes to the determination record and marks the item in one transaction.
 */
public final class Reevaluations {

    public enum State { QUEUED, RUNNING, DONE, FAILED, STOPPED }

    public record Run(long id, State state, LocalDate asOf, LocalDate baselineAsOf, String county, String township,
            String rulesetVersion, String startedBy, Instant startedAt, Instant finishedAt, long households,
            long processed, long errors, long changed, String lastHousehold, String impact) {
    }

    /** {@code changes}: JSON array, per entitlement code, name, kind, before, after, attribution. */
    public record Item(long runId, String householdId, int factsVersion, String county, String township,
            String village, String kind, Long baselineRecordId, LocalDate baselineAsOf, BigDecimal beforeMonthly,
            BigDecimal beforeAnnual, BigDecimal afterMonthly, BigDecimal afterAnnual, String changes,
            String inputSha256, byte[] determination, String status, String confirmedBy, Instant confirmedAt,
            Long recordId) {
        public BigDecimal changeAbs() {
            return afterMonthly.subtract(beforeMonthly).abs();
        }
    }

    /** {@code path}: the field, never its value. */
    public record RunError(String householdId, String path, String message) {
    }

    /** Filters of the worklist; null means any. {@code sort}: place, kind or change. */
    public record Filter(String county, String township, String village, String kind, String status) {
    }

    private final Store store;

    Reevaluations(Store store) {
        this.store = store;
    }

    public Run create(LocalDate asOf, LocalDate baselineAsOf, String county, String township, String rulesetVersion,
            String user) {
        Instant at = HouseholdRegister.now();
        return store.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO reevaluation_run (state, as_of, baseline_as_of,"
                    + " county, township, ruleset_version, started_by, started_at, households, processed, errors,"
                    + " changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0)", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, State.QUEUED.name());
                s.setDate(2, Date.valueOf(asOf));
                if (baselineAsOf == null) {
                    s.setNull(3, Types.DATE);
                } else {
                    s.setDate(3, Date.valueOf(baselineAsOf));
                }
                s.setString(4, county);
                s.setString(5, township);
                s.setString(6, rulesetVersion);
                s.setString(7, user);
                s.setTimestamp(8, Timestamp.from(at));
                s.executeUpdate();
                try (ResultSet k = s.getGeneratedKeys()) {
                    k.next();
                    long id = k.getLong(1);
                    return new Run(id, State.QUEUED, asOf, baselineAsOf, county, township, rulesetVersion, user, at,
                            null, 0, 0, 0, 0, null, null);
                }
            }
        });
    }

    public void state(long runId, State state, boolean finished) {
        store.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE reevaluation_run SET state = ?,"
                    + " finished_at = ? WHERE run_id = ?")) {
                s.setString(1, state.name());
                s.setTimestamp(2, finished ? Timestamp.from(HouseholdRegister.now()) : null);
                s.setLong(3, runId);
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Stores a chunk's items and errors with the counts and tallies that include them, in one transaction: a run
     * stopped at any point resumes after {@code lastHousehold} with nothing counted twice.
     */
    public void saveChunk(long runId, List<Item> items, List<RunError> errors, long households, long processed,
            long errorCount, long changed, String lastHousehold, String impact) {
        store.inTransaction(c -> {
            if (!items.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO reevaluation_item (run_id, household_id,"
                        + " facts_version, county, township, village, kind, baseline_record_id, baseline_as_of,"
                        + " before_monthly, before_annual, after_monthly, after_annual, change_abs, changes,"
                        + " input_sha256, determination, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, 'PROPOSED')")) {
                    for (Item i : items) {
                        s.setLong(1, runId);
                        s.setString(2, i.householdId());
                        s.setInt(3, i.factsVersion());
                        s.setString(4, i.county());
                        s.setString(5, i.township());
                        s.setString(6, i.village());
                        s.setString(7, i.kind());
                        if (i.baselineRecordId() == null) {
                            s.setNull(8, Types.BIGINT);
                        } else {
                            s.setLong(8, i.baselineRecordId());
                        }
                        if (i.baselineAsOf() == null) {
                            s.setNull(9, Types.DATE);
                        } else {
                            s.setDate(9, Date.valueOf(i.baselineAsOf()));
                        }
                        s.setBigDecimal(10, i.beforeMonthly());
                        s.setBigDecimal(11, i.beforeAnnual());
                        s.setBigDecimal(12, i.afterMonthly());
                        s.setBigDecimal(13, i.afterAnnual());
                        s.setBigDecimal(14, i.changeAbs());
                        s.setString(15, i.changes());
                        s.setString(16, i.inputSha256());
                        s.setBytes(17, i.determination());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            if (!errors.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO reevaluation_error (run_id, household_id,"
                        + " path, message) VALUES (?, ?, ?, ?)")) {
                    for (RunError e : errors) {
                        s.setLong(1, runId);
                        s.setString(2, e.householdId());
                        s.setString(3, e.path());
                        s.setString(4, e.message().length() > 1000 ? e.message().substring(0, 1000) : e.message());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE reevaluation_run SET households = ?, processed = ?,"
                    + " errors = ?, changed = ?, last_household = ?, impact = ? WHERE run_id = ?")) {
                s.setLong(1, households);
                s.setLong(2, processed);
                s.setLong(3, errorCount);
                s.setLong(4, changed);
                s.setString(5, lastHousehold);
                s.setString(6, impact);
                s.setLong(7, runId);
                s.executeUpdate();
            }
            return null;
        });
    }

    public void setHouseholds(long runId, long households) {
        store.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE reevaluation_run SET households = ? WHERE run_id = ?")) {
                s.setLong(1, households);
                s.setLong(2, runId);
                s.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Run> get(long runId) {
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement(RUN + " WHERE run_id = ?")) {
                s.setLong(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(run(r)) : Optional.empty();
                }
            }
        });
    }

    public Run require(long runId) {
        return get(runId).orElseThrow(() -> new NotFoundException("no re-evaluation run " + runId,
                "没有编号为 " + runId + " 的重新核定"));
    }

    /** Newest first. */
    public List<Run> list(int limit) {
        return store.read(c -> {
            List<Run> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(RUN + " ORDER BY run_id DESC FETCH FIRST " + limit
                    + " ROWS ONLY")) {
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(run(r));
                    }
                }
            }
            return out;
        });
    }

    /** The number of households the run would read: every registered one, or those of the county/township. */
    public long countHouseholds(String county, String township) {
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM household h" + where(county, township,
                    null))) {
                bind(s, 1, county, township, null);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    /** One household's newest facts with its latest recorded determination (absent: record null). */
    public record Latest(HouseholdVersion version, DeterminationRecord record) {
    }

    /** Households read per query: a short query each, so no read stays open across a whole run. */
    static final int PAGE = 500;

    /**
     * The newest version of at most {@link #PAGE} households of the county/township (null: any) after {@code after}
     * (null: from the first), in householdId order, each with its latest recorded determination. A run reads page by
     * page after the last householdId seen: one long streaming read over a run of an hour, with the run's own writes
     * beside it, lost its pages in H2 ("Chunk not found" with LAZY_QUERY_EXECUTION), and without it H2 first copies
     * the whole result to a temporary file.
     */
    List<Latest> latestPage(String county, String township, String after) {
        return store.read(c -> {
            List<Latest> out = new ArrayList<>(PAGE);
            try (PreparedStatement s = c.prepareStatement("SELECT v.household_id, v.version, v.document, v.saved_by,"
                    + " v.saved_at, d.record_id, d.facts_version, d.as_of, d.ruleset_version, d.determined_by,"
                    + " d.determined_at, d.input_sha256, d.determination FROM household h"
                    + " JOIN household_version v ON v.household_id = h.household_id AND v.version = h.latest_version"
                    // Per household an index lookup of its latest record (a grouped derived table of every record
                    // made H2 materialise it first).
                    + " LEFT JOIN determination_record d ON d.record_id = (SELECT MAX(r.record_id)"
                    + " FROM determination_record r WHERE r.household_id = h.household_id)"
                    + where(county, township, after) + " ORDER BY h.household_id FETCH FIRST " + PAGE
                    + " ROWS ONLY")) {
                bind(s, 1, county, township, after);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        HouseholdVersion v = new HouseholdVersion(r.getString(1), r.getInt(2),
                                store.register().document(r.getString(1), r.getInt(2), r.getString(3)),
                                r.getString(4), r.getTimestamp(5).toInstant());
                        long rid = r.getLong(6);
                        DeterminationRecord d = r.wasNull() ? null : new DeterminationRecord(rid, v.householdId(),
                                r.getInt(7), r.getDate(8).toLocalDate(), r.getString(9), r.getString(10),
                                r.getTimestamp(11).toInstant(), r.getString(12), r.getBytes(13));
                        out.add(new Latest(v, d));
                    }
                }
            }
            return out;
        });
    }

    private static String where(String county, String township, String after) {
        List<String> w = new ArrayList<>();
        if (county != null) {
            w.add("h.county = ?");
        }
        if (township != null) {
            w.add("h.township = ?");
        }
        if (after != null) {
            w.add("h.household_id > ?");
        }
        return w.isEmpty() ? "" : " WHERE " + String.join(" AND ", w);
    }

    private static int bind(PreparedStatement s, int i, String county, String township, String after)
            throws SQLException {
        if (county != null) {
            s.setString(i++, county);
        }
        if (township != null) {
            s.setString(i++, township);
        }
        if (after != null) {
            s.setString(i++, after);
        }
        return i;
    }

    public long countItems(long runId, Filter f) {
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM reevaluation_item" + itemWhere(f))) {
                bindItem(s, runId, f);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    /** {@code sort}: place (county, township, village, household), kind, or change (largest monthly change first). */
    public List<Item> items(long runId, Filter f, String sort, int offset, int limit) {
        String order = switch (sort == null ? "place" : sort) {
            case "kind" -> " ORDER BY kind, county, township, village, household_id";
            case "change" -> " ORDER BY change_abs DESC, household_id";
            default -> " ORDER BY county, township, village, household_id";
        };
        return store.read(c -> {
            List<Item> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(ITEM + itemWhere(f) + order + " OFFSET " + offset
                    + " ROWS FETCH NEXT " + limit + " ROWS ONLY")) {
                bindItem(s, runId, f);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(item(r));
                    }
                }
            }
            return out;
        });
    }

    /** The run's items per township: how many, and how many confirmed (what a township's bulk print holds). */
    public record Township(String county, String township, long items, long confirmed) {
    }

    public List<Township> townships(long runId) {
        return store.read(c -> {
            List<Township> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT county, township, COUNT(*),"
                    + " SUM(CASE WHEN status = 'CONFIRMED' THEN 1 ELSE 0 END) FROM reevaluation_item"
                    + " WHERE run_id = ? GROUP BY county, township ORDER BY county, township")) {
                s.setLong(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Township(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)));
                    }
                }
            }
            return out;
        });
    }

    public Optional<Item> item(long runId, String householdId) {
        return store.read(c -> item(c, runId, householdId));
    }

    public Item requireItem(long runId, String householdId) {
        return item(runId, householdId).orElseThrow(() -> new NotFoundException("run " + runId
                + " proposes no change for household " + householdId,
                "重新核定 " + runId + " 中没有家庭 " + householdId + " 的调整事项"));
    }

    public List<RunError> errors(long runId, int limit) {
        return store.read(c -> {
            List<RunError> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT household_id, path, message FROM reevaluation_error"
                    + " WHERE run_id = ? ORDER BY household_id FETCH FIRST " + limit + " ROWS ONLY")) {
                s.setLong(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new RunError(r.getString(1), r.getString(2), r.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    /** The item is confirmed already, or the household was saved or determined since the run: the proposal is stale. */
    public static final class ConfirmConflictException extends RuntimeException {
        private final String messageZh;

        ConfirmConflictException(String message, String messageZh) {
            super(message);
            this.messageZh = messageZh;
        }

        public String messageZh() {
            return messageZh;
        }
    }

    /**
     * Records the item's proposed determination as the household's newest determination and marks the item
     * CONFIRMED: one transaction, so a record without a confirmed item (or the reverse) is never stored.
     */
    public Item confirm(long runId, String householdId, String user) {
        Run run = require(runId);
        Instant at = HouseholdRegister.now();
        return store.inTransaction(c -> {
            Item i = item(c, runId, householdId).orElseThrow(() -> new NotFoundException("run " + runId
                    + " proposes no change for household " + householdId,
                    "重新核定 " + runId + " 中没有家庭 " + householdId + " 的调整事项"));
            try (PreparedStatement s = c.prepareStatement("SELECT h.latest_version, (SELECT MAX(d.record_id) FROM"
                    + " determination_record d WHERE d.household_id = h.household_id) FROM household h"
                    + " WHERE h.household_id = ?")) {
                s.setString(1, householdId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    int latest = r.getInt(1);
                    long rec = r.getLong(2);
                    Long latestRecord = r.wasNull() ? null : rec;
                    if ("PROPOSED".equals(i.status()) && latest != i.factsVersion()) {
                        throw new ConfirmConflictException("household " + householdId + " was saved as version "
                                + latest + " after run " + runId + " read version " + i.factsVersion(),
                                "该家庭在本次重新核定后已修改，请重新核定后再确认");
                    }
                    if ("PROPOSED".equals(i.status()) && run.baselineAsOf() == null
                            && !java.util.Objects.equals(latestRecord, i.baselineRecordId())) {
                        throw new ConfirmConflictException("household " + householdId + " has a determination "
                                + "recorded after run " + runId, "该家庭在本次重新核定后已有新的核定记录，不能再确认本调整");
                    }
                }
            }
            // The guard is the UPDATE's own condition, so two caseworkers confirming at once record it once.
            try (PreparedStatement s = c.prepareStatement("UPDATE reevaluation_item SET status = 'CONFIRMED',"
                    + " confirmed_by = ?, confirmed_at = ? WHERE run_id = ? AND household_id = ?"
                    + " AND status = 'PROPOSED'")) {
                s.setString(1, user);
                s.setTimestamp(2, Timestamp.from(at));
                s.setLong(3, runId);
                s.setString(4, householdId);
                if (s.executeUpdate() != 1) {
                    throw new ConfirmConflictException("household " + householdId + " is confirmed already in run "
                            + runId, "该家庭在本次重新核定中已确认");
                }
            }
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO determination_record (household_id, facts_version,"
                    + " as_of, ruleset_version, determined_by, determined_at, input_sha256, determination)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, householdId);
                s.setInt(2, i.factsVersion());
                s.setDate(3, Date.valueOf(run.asOf()));
                s.setString(4, run.rulesetVersion());
                s.setString(5, user);
                s.setTimestamp(6, Timestamp.from(at));
                s.setString(7, i.inputSha256());
                s.setBytes(8, i.determination());
                s.executeUpdate();
                try (ResultSet k = s.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE reevaluation_item SET record_id = ?"
                    + " WHERE run_id = ? AND household_id = ?")) {
                s.setLong(1, id);
                s.setLong(2, runId);
                s.setString(3, householdId);
                s.executeUpdate();
            }
            AccessRecords.record(c, user, householdId, AccessRecords.Purpose.DETERMINE, id);
            return item(c, runId, householdId).orElseThrow();
        });
    }

    private static Optional<Item> item(Connection c, long runId, String householdId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(ITEM + " WHERE run_id = ? AND household_id = ?")) {
            s.setLong(1, runId);
            s.setString(2, householdId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(item(r)) : Optional.empty();
            }
        }
    }

    private static String itemWhere(Filter f) {
        StringBuilder w = new StringBuilder(" WHERE run_id = ?");
        if (f.county() != null) {
            w.append(" AND county = ?");
        }
        if (f.township() != null) {
            w.append(" AND township = ?");
        }
        if (f.village() != null) {
            w.append(" AND village = ?");
        }
        if (f.kind() != null) {
            w.append(" AND kind = ?");
        }
        if (f.status() != null) {
            w.append(" AND status = ?");
        }
        return w.toString();
    }

    private static void bindItem(PreparedStatement s, long runId, Filter f) throws SQLException {
        int i = 1;
        s.setLong(i++, runId);
        for (String v : new String[] {f.county(), f.township(), f.village(), f.kind(), f.status()}) {
            if (v != null) {
                s.setString(i++, v);
            }
        }
    }

    private static final String RUN = "SELECT run_id, state, as_of, baseline_as_of, county, township, ruleset_version,"
            + " started_by, started_at, finished_at, households, processed, errors, changed, last_household, impact"
            + " FROM reevaluation_run";

    private static Run run(ResultSet r) throws SQLException {
        Date b = r.getDate(4);
        Timestamp f = r.getTimestamp(10);
        return new Run(r.getLong(1), State.valueOf(r.getString(2)), r.getDate(3).toLocalDate(),
                b == null ? null : b.toLocalDate(), r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                r.getTimestamp(9).toInstant(), f == null ? null : f.toInstant(), r.getLong(11), r.getLong(12),
                r.getLong(13), r.getLong(14), r.getString(15), r.getString(16));
    }

    private static final String ITEM = "SELECT run_id, household_id, facts_version, county, township, village, kind,"
            + " baseline_record_id, baseline_as_of, before_monthly, before_annual, after_monthly, after_annual, changes,"
            + " input_sha256, determination, status, confirmed_by, confirmed_at, record_id FROM reevaluation_item";

    private static Item item(ResultSet r) throws SQLException {
        long b = r.getLong(8);
        Long baseline = r.wasNull() ? null : b;
        Date bd = r.getDate(9);
        Timestamp ca = r.getTimestamp(19);
        long rid = r.getLong(20);
        Long record = r.wasNull() ? null : rid;
        return new Item(r.getLong(1), r.getString(2), r.getInt(3), r.getString(4), r.getString(5), r.getString(6),
                r.getString(7), baseline, bd == null ? null : bd.toLocalDate(), r.getBigDecimal(10),
                r.getBigDecimal(11), r.getBigDecimal(12), r.getBigDecimal(13), r.getString(14), r.getString(15),
                r.getBytes(16), r.getString(17), r.getString(18), ca == null ? null : ca.toInstant(), record);
    }
}
