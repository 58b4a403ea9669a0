package cn.pzh.eligibility.params;

/** A finding about a rule, parameter or test-case file, printed as {@code file:line: severity: message}. */
public record Problem(String file, int line, Severity severity, String message) {

    public enum Severity { error, warning }

    public static Problem error(String file, int line, String message) {
        return new Problem(file, line, Severity.error, message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + severity + ": " + message;
    }
}
