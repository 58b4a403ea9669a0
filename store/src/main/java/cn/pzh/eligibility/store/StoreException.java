package cn.pzh.eligibility.store;

/** The database could not do what was asked (unreachable, full, refused); the message names no person. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
