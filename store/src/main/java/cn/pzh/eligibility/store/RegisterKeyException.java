package cn.pzh.eligibility.store;

/**
 * The register's encryption keys are missing, malformed or wrong for the rows they must read. The message names the
 * key id and the setting to change, never a key's bytes; it is a configuration problem, not a database failure.
 */
public class RegisterKeyException extends StoreException {

    public RegisterKeyException(String message) {
        super(message);
    }
}
