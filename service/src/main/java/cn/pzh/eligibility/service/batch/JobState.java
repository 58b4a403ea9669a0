package cn.pzh.eligibility.service.batch;

/**
 * Where a batch job stands. INTERRUPTED: it stopped without finishing (the service stopped or crashed while it
 * was queued or running); its checkpoint lets {@code resume} continue it. FAILED: the engine refused the input or a
 * file could not be written; the message says why, and it may be resumed once that is put right.
 */
public enum JobState {
    QUEUED, RUNNING, DONE, FAILED, INTERRUPTED;

    public boolean resumable() {
        return this == INTERRUPTED || this == FAILED;
    }
}
