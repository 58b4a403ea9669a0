package cn.pzh.eligibility.batch;

/**
 * An output could not be written (a full disk, a device error): what is on disk is incomplete. Not the households'
 * fault, so the command line gives it its own exit code (3), apart from bad input (2). The message names the output
 * and says how much of it was written.
 */
public class WriteFailedException extends BatchException {

    public WriteFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
