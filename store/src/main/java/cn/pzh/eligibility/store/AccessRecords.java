package cn.pzh.eligibility.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who looked at which household and why (个人信息保护法: medical and disability facts are sensitive). Written in the
 * same transaction as what it records where there is one, so a record cannot be read without leaving a trace.
 */
public final class AccessRecords {

    public enum Purpose { OPEN, SEARCH, SAVE, DETERMINE, PRINT, REPLAY, EXPORT }

    public record Access(long id, Instant at, String user, String householdId, Purpose purpose, Long recordId) {
    }

    private final Store store;

    AccessRecords(Store store) {
        this.store = store;
    }

    public void record(String user, String householdId, Purpose purpose, Long recordId) {
        store.inTransaction(c -> {
            record(c, user, householdId, purpose, recordId);
            return null;
        });
    }

    /** One row per household a search showed, so each family can see who saw it listed. */
    public void recordSearch(String user, List<String> householdIds) {
        store.inTransaction(c -> {
            if (householdIds.isEmpty()) {
                record(c, user, null, Purpose.SEARCH, null);
            }
            for (String id : householdIds) {
                record(c, user, id, Purpose.SEARCH, null);
            }
            return null;
        });
    }

    static void record(Connection c, String user, String householdId, Purpose purpose, Long recordId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO access_record (accessed_at, user_name, household_id,"
                + " purpose, record_id) VALUES (?, ?, ?, ?, ?)")) {
            s.setTimestamp(1, Timestamp.from(HouseholdRegister.now()));
            s.setString(2, user);
            s.setString(3, householdId);
            s.setString(4, purpose.name());
            if (recordId == null) {
                s.setNull(5, Types.BIGINT);
            } else {
                s.setLong(5, recordId);
            }
            s.executeUpdate();
        }
    }

    /** Newest first; {@code householdId} null for every household. */
    public List<Access> list(String householdId, int limit) {
        return store.read(c -> {
            String sql = "SELECT access_id, accessed_at, user_name, household_id, purpose, record_id FROM access_record"
                    + (householdId == null ? "" : " WHERE household_id = ?")
                    + " ORDER BY access_id DESC FETCH FIRST " + Math.max(1, Math.min(limit, 10_000)) + " ROWS ONLY";
            List<Access> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (householdId != null) {
                    s.setString(1, householdId);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long rid = r.getLong(6);
                        out.add(new Access(r.getLong(1), r.getTimestamp(2).toInstant(), r.getString(3),
                                r.getString(4), Purpose.valueOf(r.getString(5)), r.wasNull() ? null : rid));
                    }
                }
            }
            return out;
        });
    }
}
