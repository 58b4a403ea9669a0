package cn.pzh.eligibility.batch;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The closing account of a run: {@code households = written + errors} always holds (a household is either
 * determined or refused, never both, never neither). {@code blankLines} are empty JSON lines, skipped. Counts
 * cover the whole output, including what was written before a resume.
 */
public record BatchSummary(long linesRead, long blankLines, long households, long written, long errors,
        long errorEntries, long changed, Path output, Path errorsFile, Path diff, Path report, Duration elapsed,
        double perSecond, boolean resumed) {

    public String describe() {
        String en = households + " households read (" + linesRead + " lines" + (blankLines > 0 ? ", " + blankLines
                + " blank" : "") + "), " + written + " determinations written, " + errors + " with errors"
                + (diff != null || report != null ? ", " + changed + " changed" : "");
        String zh = "读入 " + households + " 户，输出核定结果 " + written + " 户，有错误 " + errors + " 户（共 "
                + errorEntries + " 处错误）" + (diff != null || report != null ? "，待遇有变化 " + changed + " 户" : "");
        return en + "（" + zh + "）; " + String.format("%.1f s, %.0f households/s", elapsed.toMillis() / 1000.0,
                perSecond);
    }
}
