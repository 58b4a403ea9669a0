package cn.pzh.eligibility.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Whether the register's personal data is encrypted, under which keys, and the run that encrypts a plaintext
 * register or re-seals it under a new key ({@code store encrypt}). The state is kept in the database
 * (register_setting, register_key) so that opening the register with the wrong configuration is refused with a
 * message naming what is wrong, before any row is read: never a plaintext write into an encrypted register, never
 * garbage from a wrong key.
 */
public final class RegisterEncryption {

    static final String PLAIN = "PLAIN";
    static final String ENCRYPTING = "ENCRYPTING";
    static final String ENCRYPTED = "ENCRYPTED";
    private static final int BATCH = 500;

    /** What a run did: rows re-sealed (plaintext included), keys retired, whether the files were compacted. */
    public record Report(String currentKey, long versions, long members, long plaintextRows, List<String> retiredKeys,
            boolean compacted) {
    }

    private final Store store;

    RegisterEncryption(Store store) {
        this.store = store;
    }

    private record KeyRow(String id, String check, boolean retired) {
    }

    /** Refuses keys that do not fit the register; {@code forRun}: opened by {@code store encrypt}. */
    static void check(Store store, boolean forRun) {
        try {
            checkOnce(store, forRun);
        } catch (StoreException e) {
            if (e instanceof RegisterKeyException) {
                throw e;
            }
            // Two processes opening an empty register at once may both record the state: the second reads it.
            checkOnce(store, forRun);
        }
    }

    private static void checkOnce(Store store, boolean forRun) {
        RegisterKeys keys = store.keys();
        store.inTransaction(c -> {
            String state = state(c);
            Map<String, KeyRow> known = keyRows(c);
            List<String> active = known.values().stream().filter(k -> !k.retired()).map(KeyRow::id).toList();
            if (!keys.enabled()) {
                if (!state.equals(PLAIN)) {
                    throw new RegisterKeyException("the register is encrypted (key " + String.join(", ", active)
                            + ") but no key is configured: " + RegisterKeys.HOW + "（登记簿已加密，但未配置密钥）");
                }
                return null;
            }
            for (String id : keys.ids()) {
                KeyRow k = known.get(id);
                if (k != null && !k.check().equals(keys.check(id))) {
                    throw new RegisterKeyException("key " + id + " is not the key this register was encrypted with"
                            + " under that id (its check value differs): configure the right key " + id
                            + "（密钥 " + id + " 与登记簿加密所用的不符）");
                }
            }
            for (String id : active) {
                if (!keys.has(id)) {
                    throw new RegisterKeyException("rows of the register are encrypted under key " + id + ", which is"
                            + " not configured (configured: " + String.join(", ", keys.ids()) + "): list " + id
                            + " after the current key until `store encrypt` has re-sealed them（登记簿中有以密钥 " + id
                            + " 加密的记录，须配置该密钥）");
                }
            }
            switch (state) {
                case PLAIN -> {
                    if (forRun) {
                        setState(c, ENCRYPTING);
                    } else if (anyVersion(c)) {
                        throw new RegisterKeyException("the register holds unencrypted households and a key is"
                                + " configured: encrypt them once with `store encrypt` (service stopped), or remove"
                                + " the key（登记簿尚未加密：请先运行 store encrypt）");
                    } else {
                        setState(c, ENCRYPTED); // empty: nothing to migrate, every row will be sealed
                    }
                }
                case ENCRYPTING -> {
                    if (!forRun) {
                        throw new RegisterKeyException("an encryption of the register (store encrypt) was interrupted:"
                                + " run it again to finish（登记簿加密未完成：请再次运行 store encrypt）");
                    }
                }
                default -> {
                }
            }
            String current = keys.currentId();
            KeyRow row = known.get(current);
            if (row == null) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO register_key (key_id, check_value, added_at)"
                        + " VALUES (?, ?, ?)")) {
                    s.setString(1, current);
                    s.setString(2, keys.check(current));
                    s.setTimestamp(3, Timestamp.from(HouseholdRegister.now()));
                    s.executeUpdate();
                }
            } else if (row.retired()) {
                try (PreparedStatement s = c.prepareStatement(
                        "UPDATE register_key SET retired_at = NULL WHERE key_id = ?")) {
                    s.setString(1, current);
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    static String state(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT setting_value FROM register_setting WHERE setting_name = 'encryption'")) {
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : PLAIN;
            }
        }
    }

    private static void setState(Connection c, String state) throws SQLException {
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE register_setting SET setting_value = ? WHERE setting_name = 'encryption'")) {
            u.setString(1, state);
            if (u.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement i = c.prepareStatement(
                "INSERT INTO register_setting (setting_name, setting_value) VALUES ('encryption', ?)")) {
            i.setString(1, state);
            i.executeUpdate();
        }
    }

    private static Map<String, KeyRow> keyRows(Connection c) throws SQLException {
        Map<String, KeyRow> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT key_id, check_value, retired_at FROM register_key ORDER BY added_at, key_id")) {
            while (r.next()) {
                out.put(r.getString(1), new KeyRow(r.getString(1), r.getString(2).strip(), r.getTimestamp(3) != null));
            }
        }
        return out;
    }

    private static boolean anyVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT 1 FROM household_version FETCH FIRST 1 ROWS ONLY")) {
            return r.next();
        }
    }

    /**
     * Re-seals every version and member row not under the current key, {@link #BATCH} rows per transaction in key
     * order (a stopped run loses at most one batch and the next run continues: it selects by key id). Each update is
     * guarded by the key id it read, so a caseworker's save meanwhile (PostgreSQL, during a rotation) is not undone.
     */
    Report run(Consumer<String> progress) {
        RegisterKeys keys = store.keys();
        String current = keys.currentId();
        HouseholdRegister register = store.register();
        long[] plaintext = {0};
        long versions = pass("household_version", "version", progress, (c, rows) -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE household_version SET document = ?, key_id = ?"
                    + " WHERE household_id = ? AND version = ? AND key_id IS NOT DISTINCT FROM ?")) {
                for (Row row : rows) {
                    String json = register.documentText(row.householdId, row.index, row.values[0]);
                    u.setString(1, keys.seal(json, HouseholdRegister.versionContext(row.householdId, row.index)));
                    u.setString(2, current);
                    u.setString(3, row.householdId);
                    u.setInt(4, row.index);
                    u.setString(5, row.keyId);
                    u.addBatch();
                    plaintext[0] += row.keyId == null ? 1 : 0;
                }
                u.executeBatch();
            }
        }, "document");
        long members = pass("household_person", "member_index", progress, (c, rows) -> {
            try (PreparedStatement u = c.prepareStatement("UPDATE household_person SET name = ?, id_number = ?,"
                    + " id_last4 = ?, key_id = ?, name_index = ?, id_index = ?, last4_index = ?, sealed = ?"
                    + " WHERE household_id = ? AND member_index = ? AND key_id IS NOT DISTINCT FROM ?")) {
                for (Row row : rows) {
                    String[] person = register.person(row.householdId, row.index, row.values[0], row.values[1],
                            row.values[2]);
                    register.bindPersonColumns(u, 1, row.householdId, row.index, person[0], person[1]);
                    u.setString(9, row.householdId);
                    u.setInt(10, row.index);
                    u.setString(11, row.keyId);
                    u.addBatch();
                    plaintext[0] += row.keyId == null ? 1 : 0;
                }
                u.executeBatch();
            }
        }, "name", "id_number", "sealed");
        List<String> retiredKeys = store.inTransaction(c -> {
            for (String table : List.of("household_version", "household_person")) {
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + table
                        + " WHERE key_id IS NULL OR key_id <> ?")) {
                    s.setString(1, current);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) > 0) {
                            throw new StoreException(r.getLong(1) + " rows of " + table + " were saved under another"
                                    + " key while this ran (a service with an older key configuration?): run store"
                                    + " encrypt again（运行期间有记录以其他密钥保存，请再次运行）");
                        }
                    }
                }
            }
            List<String> retired = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT key_id FROM register_key WHERE key_id <> ? AND retired_at IS NULL ORDER BY key_id")) {
                s.setString(1, current);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        retired.add(r.getString(1));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE register_key SET retired_at = ? WHERE key_id <> ? AND retired_at IS NULL")) {
                s.setTimestamp(1, Timestamp.from(HouseholdRegister.now()));
                s.setString(2, current);
                s.executeUpdate();
            }
            setState(c, ENCRYPTED);
            return retired;
        });
        boolean compacted = plaintext[0] > 0 && compact(progress);
        return new Report(current, versions, members, plaintext[0], retiredKeys, compacted);
    }

    /**
     * After plaintext rows were sealed their old bytes may still sit in the database files (PostgreSQL's dead row
     * versions, H2's free pages): rewrite the two tables (PostgreSQL VACUUM FULL) or the whole file (H2 SHUTDOWN
     * COMPACT, which also closes the database). Backups and write-ahead logs made before still hold plaintext.
     */
    private boolean compact(Consumer<String> progress) {
        return store.read(c -> {
            String product = c.getMetaData().getDatabaseProductName();
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                if (product.startsWith("PostgreSQL")) {
                    progress.accept("VACUUM FULL household_version, household_person（回收旧明文占用的空间）");
                    s.execute("VACUUM FULL household_version");
                    s.execute("VACUUM FULL household_person");
                    return true;
                }
                if (product.startsWith("H2")) {
                    progress.accept("SHUTDOWN COMPACT（重写数据库文件，去除旧明文）");
                    s.execute("SHUTDOWN COMPACT");
                    return true;
                }
                return false;
            } finally {
                if (!c.isClosed()) {
                    c.setAutoCommit(auto);
                }
            }
        });
    }

    private static final class Row {
        String householdId;
        int index;
        String keyId;
        String[] values;
    }

    private interface Batch {
        void apply(Connection c, List<Row> rows) throws SQLException;
    }

    /**
     * Every row of {@code table} not under the current key, in primary-key order, in batches. {@code household_id >= ?}
     * first: both databases start each batch from the primary key's index there instead of scanning from the top.
     */
    private long pass(String table, String indexColumn, Consumer<String> progress, Batch batch, String... columns) {
        String current = store.keys().currentId();
        String select = "SELECT household_id, " + indexColumn + ", key_id, " + String.join(", ", columns) + " FROM "
                + table + " WHERE household_id >= ? AND (household_id > ? OR " + indexColumn + " > ?)"
                + " AND (key_id IS NULL OR key_id <> ?) ORDER BY household_id, " + indexColumn
                + " FETCH FIRST " + BATCH + " ROWS ONLY";
        String[] after = {""};
        int[] afterIndex = {Integer.MIN_VALUE};
        long total = 0;
        long reported = 0;
        while (true) {
            int n = store.inTransaction(c -> {
                List<Row> rows = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(select)) {
                    s.setString(1, after[0]);
                    s.setString(2, after[0]);
                    s.setInt(3, afterIndex[0]);
                    s.setString(4, current);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            Row row = new Row();
                            row.householdId = r.getString(1);
                            row.index = r.getInt(2);
                            row.keyId = r.getString(3);
                            row.values = new String[columns.length];
                            for (int i = 0; i < columns.length; i++) {
                                row.values[i] = r.getString(4 + i);
                            }
                            rows.add(row);
                        }
                    }
                }
                if (!rows.isEmpty()) {
                    batch.apply(c, rows);
                    after[0] = rows.get(rows.size() - 1).householdId;
                    afterIndex[0] = rows.get(rows.size() - 1).index;
                }
                return rows.size();
            });
            total += n;
            if (total - reported >= 50_000 || (n < BATCH && total > reported)) {
                progress.accept(table + ": " + total + " rows sealed under key " + current);
                reported = total;
            }
            if (n < BATCH) {
                return total;
            }
        }
    }
}
