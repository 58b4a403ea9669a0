package cn.pzh.eligibility.service.web;

import cn.pzh.eligibility.evaluation.RuleEvaluationException;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.service.config.NoRulesetException;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure becomes {@code application/problem+json}. Client mistakes are 4xx with each field error (path,
 * English, Chinese); faults of the rules or the service are 5xx with a message and no stack trace.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final String TYPE = "urn:pzh-eligibility:problem:";

    @ExceptionHandler(InvalidHouseholdException.class)
    ResponseEntity<ProblemDetail> invalidHousehold(InvalidHouseholdException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-household", "Invalid household（家庭信息有误）",
                describe(e.errors()));
        p.setProperty("householdId", e.householdId());
        p.setProperty("errors", e.errors());
        return respond(p);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request（请求有误）",
                describe(e.errors()));
        p.setProperty("errors", e.errors());
        return respond(p);
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException e) {
        ProblemDetail p = problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large（请求内容过大）",
                "The body is larger than " + e.limit() + " bytes（请求内容超过 " + e.limit() + " 字节）");
        p.setProperty("errors", List.of(new FieldError("$", "larger than " + e.limit() + " bytes",
                "请求内容超过 " + e.limit() + " 字节")));
        return respond(p);
    }

    @ExceptionHandler(NoRulesetException.class)
    ResponseEntity<ProblemDetail> noRuleset(NoRulesetException e) {
        ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "no-ruleset", "No ruleset loaded（规则未加载）",
                "The rules did not load; see /actuator/health（规则文件加载失败，详见健康检查）");
        // How many problems, not which: their text names files on the server. Policy staff see them in health.
        p.setProperty("problemCount", e.state().problems().size());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "30")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    /** A fault in the rules, not in the household: the caller can do nothing but report it. */
    @ExceptionHandler(RuleEvaluationException.class)
    ResponseEntity<ProblemDetail> ruleFault(RuleEvaluationException e) {
        log.error("Rule evaluation failed: {}", e.getMessage());
        ProblemDetail p = problem(HttpStatus.INTERNAL_SERVER_ERROR, "rule-evaluation-failed",
                "Rule evaluation failed（规则执行出错）", e.getMessage());
        p.setProperty("householdId", e.householdId());
        return respond(p);
    }

    /** The body could not be read: the client stopped sending (408 when it was too slow) or went away. */
    @ExceptionHandler(BodyUnreadableException.class)
    ResponseEntity<ProblemDetail> unreadable(BodyUnreadableException e) {
        log.debug("Request body unreadable: {}", e.toString());
        HttpStatus status = e.timedOut() ? HttpStatus.REQUEST_TIMEOUT : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).header(HttpHeaders.CONNECTION, "close")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(status, e.timedOut() ? "request-timeout" : "body-unreadable", Problems.title(status.value()),
                        e.timedOut() ? "The body was not received in time（请求内容未在规定时间内发送完毕）"
                                : "The body could not be read to its end（请求内容未能完整读取）"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (malformedParameters(e)) {
            // A form body with a malformed %-escape (the query's are refused before this, by RequestGuard).
            return respond(problem(HttpStatus.BAD_REQUEST, "invalid-parameters", Problems.title(400),
                    "A parameter has a malformed %-escape or is not UTF-8（参数中的 % 转义格式有误或不是 UTF-8 编码）"));
        }
        log.error("Unexpected failure", e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error（服务内部错误）",
                "The service failed; the log has the details（服务出错，详情见日志）"));
    }

    /** Spring's own refusals (415, 405, 404, 406…) keep their status and get the same body shape. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail p) {
            HttpHeaders h = new HttpHeaders();
            h.putAll(response.getHeaders());
            h.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            if (p.getType() == null || "about:blank".equals(p.getType().toString())) {
                p.setType(URI.create(TYPE + Problems.slug(response.getStatusCode().value())));
            }
            return new ResponseEntity<>(p, h, response.getStatusCode());
        }
        return response;
    }

    private static boolean malformedParameters(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("org.apache.tomcat.util.http.InvalidParameterException")) {
                return true;
            }
        }
        return false;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE + type));
        p.setTitle(title);
        return p;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    private static String describe(List<FieldError> errors) {
        return errors.size() == 1 ? errors.get(0).toString() : errors.size() + " field errors（共 " + errors.size() + " 处错误）";
    }
}
