package cn.pzh.eligibility.store;

/** The database could not do what was asked (unreachable, full, refused); the message names no person. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The driver's message is left out: H2 and PostgreSQL quote the offending values (a duplicate key, a row), which
     * may be a name or an identity number. The SQLState and vendor code say what kind of failure it was.
     */
    static StoreException of(java.sql.SQLException e) {
        return new StoreException("database error: SQLState " + e.getSQLState() + ", vendor code " + e.getErrorCode()
                + " (" + e.getClass().getSimpleName() + ")", null);
    }

    public StoreException(String message) {
        super(message);
    }
}
