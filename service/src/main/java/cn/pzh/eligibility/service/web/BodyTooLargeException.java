package cn.pzh.eligibility.service.web;

/** The body was cut off at the limit: 413, before any of it is parsed. */
public class BodyTooLargeException extends RuntimeException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
