package cn.pzh.eligibility.service.register;

import cn.pzh.eligibility.store.HouseholdExistsException;
import cn.pzh.eligibility.store.NotFoundException;
import cn.pzh.eligibility.store.Store;
import cn.pzh.eligibility.store.StoreException;
import cn.pzh.eligibility.store.VersionConflictException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The register's refusals as problem+json, in the shape of the service's other errors. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RegisterExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RegisterExceptionHandler.class);
    private static final String TYPE = "urn:pzh-eligibility:problem:";

    private final Store store;

    public RegisterExceptionHandler(Store store) {
        this.store = store;
    }

    /** 409 with both versions: the one the edit started from and the one saved since, for the page to show. */
    @ExceptionHandler(VersionConflictException.class)
    ResponseEntity<ProblemDetail> conflict(VersionConflictException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "version-conflict", "Saved by someone else（已被他人修改）",
                "Version " + e.currentVersion() + " was saved after version " + e.baseVersion()
                        + " this edit started from（本次修改依据第 " + e.baseVersion() + " 版，但已有人保存了第 "
                        + e.currentVersion() + " 版；请对照后重新修改）");
        p.setProperty("householdId", e.householdId());
        p.setProperty("baseVersion", e.baseVersion());
        p.setProperty("currentVersion", e.currentVersion());
        store.register().version(e.householdId(), e.baseVersion())
                .ifPresent(v -> p.setProperty("base", Views.HouseholdView.of(v)));
        store.register().version(e.householdId(), e.currentVersion())
                .ifPresent(v -> p.setProperty("current", Views.HouseholdView.of(v)));
        return respond(p);
    }

    @ExceptionHandler(HouseholdExistsException.class)
    ResponseEntity<ProblemDetail> exists(HouseholdExistsException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "household-exists", "Already registered（家庭已登记）",
                e.getMessage() + "（家庭编号 " + e.householdId() + " 已登记；修改请用 PUT）");
        p.setProperty("householdId", e.householdId());
        return respond(p);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return respond(problem(HttpStatus.NOT_FOUND, "not-found", "Not found（未找到）",
                e.getMessage() + "（" + e.messageZh() + "）"));
    }

    /** The database failed: nothing was stored (one transaction), and the message names no person. */
    @ExceptionHandler(StoreException.class)
    ResponseEntity<ProblemDetail> storeFailed(StoreException e) {
        log.error("Case register failed: {}", e.getMessage());
        return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, "register-unavailable",
                "Case register unavailable（案卷数据库不可用）",
                "Nothing was stored; try again（未保存任何内容，请稍后重试）"));
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
}
