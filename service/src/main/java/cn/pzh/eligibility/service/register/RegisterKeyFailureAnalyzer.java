package cn.pzh.eligibility.service.register;

import cn.pzh.eligibility.store.RegisterKeyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The register's keys do not fit it (missing, wrong, malformed, or a plaintext register opened with a key): the
 * service does not start, and says why in two lines instead of a page of stack trace.
 */
public class RegisterKeyFailureAnalyzer extends AbstractFailureAnalyzer<RegisterKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RegisterKeyException cause) {
        return new FailureAnalysis("The case register's encryption keys do not fit it: " + cause.getMessage(),
                "Configure the register's keys as service/README.md \"Encryption at rest\" describes (register.encryption"
                        + ".keys or register.encryption.key-file; the environment REGISTER_KEYS or REGISTER_KEY_FILE);"
                        + " a plaintext register is encrypted once, service stopped, with `eligibility-store.jar store"
                        + " encrypt`.", cause);
    }
}
