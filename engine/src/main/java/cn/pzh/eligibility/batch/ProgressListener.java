package cn.pzh.eligibility.batch;

/** Told about progress after each chunk is written (often: keep it cheap) and once at the end. Called from the
 * writer thread. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = p -> { };

    void progress(Progress p);
}
