package cn.pzh.eligibility.store;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The append-only record of determinations: rows are inserted, never updated or deleted. */
public final class DeterminationRecords {

    private final Store store;

    DeterminationRecords(Store store) {
        this.store = store;
    }

    /** Stores one determination and its access record in one transaction: both or neither. */
    public DeterminationRecord append(String householdId, int factsVersion, LocalDate asOf, String rulesetVersion,
            String user, String inputSha256, byte[] determination) {
        Instant at = HouseholdRegister.now();
        return store.inTransaction(c -> {
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO determination_record (household_id, facts_version,"
                    + " as_of, ruleset_version, determined_by, determined_at, input_sha256, determination)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, householdId);
                s.setInt(2, factsVersion);
                s.setDate(3, Date.valueOf(asOf));
                s.setString(4, rulesetVersion);
                s.setString(5, user);
                s.setTimestamp(6, Timestamp.from(at));
                s.setString(7, inputSha256);
                s.setBytes(8, determination);
                s.executeUpdate();
                try (ResultSet k = s.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            AccessRecords.record(c, user, householdId, AccessRecords.Purpose.DETERMINE, id);
            return new DeterminationRecord(id, householdId, factsVersion, asOf, rulesetVersion, user, at, inputSha256,
                    determination);
        });
    }

    public Optional<DeterminationRecord> get(long recordId) {
        return store.read(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE record_id = ?")) {
                s.setLong(1, recordId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(row(r)) : Optional.empty();
                }
            }
        });
    }

    public DeterminationRecord require(long recordId) {
        return get(recordId).orElseThrow(() -> new NotFoundException("no determination record " + recordId,
                "没有编号为 " + recordId + " 的核定记录"));
    }

    /** Every determination of a household, newest first: the first supersedes the rest. */
    public List<DeterminationRecord> history(String householdId) {
        return store.read(c -> {
            List<DeterminationRecord> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE household_id = ? ORDER BY record_id DESC")) {
                s.setString(1, householdId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(row(r));
                    }
                }
            }
            return out;
        });
    }

    private static final String SELECT = "SELECT record_id, household_id, facts_version, as_of, ruleset_version,"
            + " determined_by, determined_at, input_sha256, determination FROM determination_record";

    private static DeterminationRecord row(ResultSet r) throws SQLException {
        return new DeterminationRecord(r.getLong(1), r.getString(2), r.getInt(3), r.getDate(4).toLocalDate(),
                r.getString(5), r.getString(6), r.getTimestamp(7).toInstant(), r.getString(8), r.getBytes(9));
    }

}
