package cn.pzh.eligibility.service.batch;

import cn.pzh.eligibility.input.FieldError;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal of the batch API. Spring renders an {@link ErrorResponseException} through the service's exception
 * handler, so the body is the same {@code application/problem+json} as every other error of the service (with an
 * {@code errors} list of {path, message, messageZh} for client mistakes).
 */
public class BatchProblem extends ErrorResponseException {

    private static final String TYPE = "urn:pzh-eligibility:problem:";

    private BatchProblem(HttpStatus status, String type, String title, String detail, List<FieldError> errors) {
        super(status, body(status, type, title, detail, errors), null);
    }

    private static ProblemDetail body(HttpStatus status, String type, String title, String detail,
            List<FieldError> errors) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE + type));
        p.setTitle(title);
        if (errors != null) {
            p.setProperty("errors", errors);
        }
        return p;
    }

    static BatchProblem badRequest(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).toString()
                : errors.size() + " errors（共 " + errors.size() + " 处错误）";
        return new BatchProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request（请求有误）", detail,
                List.copyOf(errors));
    }

    static BatchProblem unknownJob(String id) {
        String shown = id.length() > 40 ? id.substring(0, 40) + "…" : id;
        return new BatchProblem(HttpStatus.NOT_FOUND, "unknown-batch-job", "Unknown batch job（批量任务不存在）",
                "No batch job " + shown + "（没有编号为 " + shown + " 的批量任务）", null);
    }

    static BatchProblem notProduced(String id, String what, String whatZh) {
        return new BatchProblem(HttpStatus.NOT_FOUND, "not-produced", "Not produced by this job（本任务不产生该文件）",
                "Job " + id + " has no " + what + ": only a comparison job (baselineAsOf or baselineRules) writes one"
                        + "（只有与基线对比的任务才生成" + whatZh + "）", null);
    }

    static BatchProblem missing(String id, String file) {
        return new BatchProblem(HttpStatus.NOT_FOUND, "not-produced", "File missing（文件不存在）",
                "The file " + file + " of job " + id + " is no longer in the jobs directory（任务目录中已没有该文件）", null);
    }

    static BatchProblem notDone(String id, JobState state) {
        return new BatchProblem(HttpStatus.CONFLICT, "batch-job-not-done", "Batch job not done（批量任务尚未完成）",
                "Job " + id + " is " + state + "; its files can be downloaded once it is DONE（任务状态为 " + state
                        + "，完成后才能下载）", null);
    }

    static BatchProblem conflict(String detail) {
        return new BatchProblem(HttpStatus.CONFLICT, "batch-job-conflict", "Cannot do this now（当前无法执行）",
                detail, null);
    }

    static BatchProblem unavailable(String detail) {
        return new BatchProblem(HttpStatus.SERVICE_UNAVAILABLE, "batch-unavailable",
                "Batch jobs unavailable（批量任务暂不可用）", detail, null);
    }

    static BatchProblem tooLarge(String limit) {
        return new BatchProblem(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large（上传文件过大）",
                "The upload is larger than the limit of " + limit + "（上传文件超过上限 " + limit + "）",
                List.of(new FieldError("file", "larger than " + limit, "文件超过上限 " + limit)));
    }
}
