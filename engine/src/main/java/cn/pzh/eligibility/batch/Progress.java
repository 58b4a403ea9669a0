package cn.pzh.eligibility.batch;

import java.time.Duration;

/**
 * Where a running batch stands. {@code households} counts every household finished (written or refused), including
 * those finished before a resume; the rate is over this session only. {@code remaining} is estimated from the bytes
 * of input left, null until there is a rate.
 */
public record Progress(long households, long written, long errors, long inputBytesDone, long inputBytes,
        Duration elapsed, double perSecond, Duration remaining, boolean finished) {

    /** 0 … 1, by input bytes. */
    public double fraction() {
        return inputBytes == 0 ? 1 : Math.min(1, (double) inputBytesDone / inputBytes);
    }
}
