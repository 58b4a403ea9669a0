package cn.pzh.eligibility.batch;

/** A batch that cannot start or go on (unreadable input, a header that is not the layout, a resume that does not
 * match): the message says what to fix, in English and Chinese. Bad households are not this: they go to the errors. */
public class BatchException extends RuntimeException {

    public BatchException(String message) {
        super(message);
    }

    public BatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
