package cn.pzh.eligibility.service.reeval;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A refusal of the re-evaluation API, rendered as problem+json like every other error of the service. */
public class ReevalProblem extends ErrorResponseException {

    private static final String TYPE = "urn:pzh-eligibility:problem:";

    ReevalProblem(HttpStatus status, String type, String title, String detail) {
        super(status, body(status, type, title, detail), null);
    }

    private static ProblemDetail body(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE + type));
        p.setTitle(title);
        return p;
    }

    static ReevalProblem conflict(String detail) {
        return new ReevalProblem(HttpStatus.CONFLICT, "reevaluation-conflict", "Conflict（状态冲突）", detail);
    }

    static ReevalProblem unavailable(String detail) {
        return new ReevalProblem(HttpStatus.SERVICE_UNAVAILABLE, "reevaluation-busy",
                "Re-evaluation unavailable（暂不能重新核定）", detail);
    }
}
