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
    private final HouseholdRegister register;
    private final DeterminationRecords records;
    private final RulesetArchive archive;
    private final AccessRecords access;
    private final Reevaluations reevaluations;

    private Store(DataSource dataSource) {
        this.dataSource = dataSource;
        this.access = new AccessRecords(this);
        this.register = new HouseholdRegister(this);
        this.records = new DeterminationRecords(this);
        this.archive = new RulesetArchive(this);
        this.reevaluations = new Reevaluations(this);
    }

    /** Migrates the schema and opens the store. */
    public static Store open(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .failOnMissingLocations(true).load().migrate();
        return new Store(dataSource);
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
