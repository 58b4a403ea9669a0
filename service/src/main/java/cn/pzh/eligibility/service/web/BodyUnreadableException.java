package cn.pzh.eligibility.service.web;

import java.io.IOException;
import java.net.SocketTimeoutException;

/** Reading the request body failed: a client too slow for the read timeout, or one that went away. */
public class BodyUnreadableException extends RuntimeException {

    private final boolean timedOut;

    public BodyUnreadableException(IOException cause) {
        super(cause.toString(), cause);
        boolean t = false;
        for (Throwable c = cause; c != null; c = c.getCause()) {
            t |= c instanceof SocketTimeoutException || c.getClass().getSimpleName().contains("Timeout");
        }
        this.timedOut = t;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
