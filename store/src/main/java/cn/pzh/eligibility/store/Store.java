package cn.pzh.eligibility.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The register, the determination record, the ruleset archive and the access record over one database. Plain JDBC
 * on a {@link DataSource} the caller owns (the service's pool, or {@link #simple} for the command line); the schema is
 * brought up to date by Flyway when the store is opened.
 */
public final class Store {

    private final DataSource dataSource;
    private final RegisterKeys keys;
    private final HouseholdRegister register;
    private final DeterminationRecords records;
    private final RulesetArchive archive;
    private final AccessRecords access;
    private final Reevaluations reevaluations;

    private Store(DataSource dataSource, RegisterKeys keys) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.access = new AccessRecords(this);
        this.register = new HouseholdRegister(this);
        this.records = new DeterminationRecords(this);
        this.archive = new RulesetArchive(this);
        this.reevaluations = new Reevaluations(this);
    }

    /** Migrates the schema and opens the store; the register stores plaintext (it must not be encrypted). */
    public static Store open(DataSource dataSource) {
        return open(dataSource, RegisterKeys.none());
    }

    /**
     * Migrates the schema and opens the store with the register's encryption keys ({@link RegisterKeys#none}: no
     * encryption). Refused with a {@link RegisterKeyException} naming the problem when the keys do not fit the
     * register: encrypted but no key, a key id in use but not configured, a wrong key for an id, or plaintext
     * households in a register opened with a key (run {@link #encrypt} first).
     */
    public static Store open(DataSource dataSource, RegisterKeys keys) {
        migrate(dataSource);
        Store store = new Store(dataSource, keys);
        RegisterEncryption.check(store, false);
        return store;
    }

    /**
     * {@code store encrypt}: seals every row not yet under the current key (plaintext ones, or ones under an older
     * key), recomputes the blind indexes, retires the keys no row is left under. Idempotent and resumable: each
     * batch is one transaction, and a second run finds nothing to do.
     */
    public static RegisterEncryption.Report encrypt(DataSource dataSource, RegisterKeys keys,
            java.util.function.Consumer<String> progress) {
        if (!keys.enabled()) {
            throw new RegisterKeyException("store encrypt needs a key: " + RegisterKeys.HOW + "（加密需要配置密钥）");
        }
        migrate(dataSource);
        Store store = new Store(dataSource, keys);
        RegisterEncryption.check(store, true);
        return new RegisterEncryption(store).run(progress);
    }

    private static void migrate(DataSource dataSource) {
        // outOfOrder: migrations are numbered per branch (the register's encryption is V20) and a lower number
        // merged later (V4) must still run on a database that already has V20.
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").outOfOrder(true)
                .failOnMissingLocations(true).load().migrate();
    }

    /** The keys the register's personal data is sealed with ({@link RegisterKeys#none}: plaintext). */
    public RegisterKeys keys() {
        return keys;
    }

    /** The default database: an H2 file {@code register} in {@code dir}, created on first use. */
    public static String h2FileUrl(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create the database directory " + dir + ": " + e.getMessage(), e);
        }
        // One process owns the file (the command line works on a stopped service's file or a copy). DB_CLOSE_DELAY
        // keeps it open between connections: without a pool every statement would otherwise reopen the file.
        return "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve("register") + ";DB_CLOSE_DELAY=-1";
    }

    /** A data source without a pool, for the command line and tests. */
    public static DataSource simple(String url, String user, String password) {
        return new SimpleDataSource(url, user, password);
    }

    public HouseholdRegister register() {
        return register;
    }

    public DeterminationRecords records() {
        return records;
    }

    public RulesetArchive archive() {
        return archive;
    }

    public AccessRecords access() {
        return access;
    }

    public Reevaluations reevaluations() {
        return reevaluations;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** One transaction: everything in {@code work} is stored, or nothing is. */
    <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }
}
