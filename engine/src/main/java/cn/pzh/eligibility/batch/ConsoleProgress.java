package cn.pzh.eligibility.batch;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress for people: on a terminal a bar redrawn in place (households done, per second, time left); otherwise
 * (a log file, a pipe, a scheduler) a plain line every so often, so logs stay readable.
 */
public final class ConsoleProgress implements ProgressListener {

    private final PrintWriter err;
    private final boolean terminal;
    private final long everyNanos;
    private long last;

    /** @param terminal draw a bar (System.console() != null) or write log lines every {@code logEvery} */
    public ConsoleProgress(PrintWriter err, boolean terminal, Duration logEvery) {
        this.err = err;
        this.terminal = terminal;
        this.everyNanos = terminal ? 200_000_000L : logEvery.toNanos();
        this.last = System.nanoTime();
    }

    @Override
    public void progress(Progress p) {
        long now = System.nanoTime();
        if (!p.finished() && now - last < everyNanos) {
            return;
        }
        last = now;
        if (terminal) {
            int width = 30;
            int done = (int) Math.round(p.fraction() * width);
            err.print("\r[" + "#".repeat(done) + "-".repeat(width - done) + "] "
                    + String.format("%5.1f%% %,d 户 %,.0f 户/秒 剩余 %s 错误 %,d   ", p.fraction() * 100,
                    p.households(), p.perSecond(), time(p.remaining()), p.errors()));
            if (p.finished()) {
                err.println();
            }
        } else {
            err.println(String.format("progress: %,d households (%.1f%%), %,.0f/s, %s left, %,d errors"
                    + "（已处理 %,d 户，%,.0f 户/秒，预计剩余 %s，错误 %,d 户）", p.households(), p.fraction() * 100,
                    p.perSecond(), time(p.remaining()), p.errors(), p.households(), p.perSecond(),
                    time(p.remaining()), p.errors()));
        }
        err.flush();
    }

    static String time(Duration d) {
        if (d == null) {
            return "--:--";
        }
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%02d:%02d", s / 60, s % 60);
    }
}
