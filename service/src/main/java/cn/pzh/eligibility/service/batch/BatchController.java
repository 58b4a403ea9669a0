package cn.pzh.eligibility.service.batch;

import cn.pzh.eligibility.batch.BatchOptions;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.service.api.BatchErrorLine;
import cn.pzh.eligibility.service.api.ProblemBody;
import cn.pzh.eligibility.service.web.AssessmentDates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import cn.pzh.eligibility.service.config.RulesetHolder;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Batch jobs over HTTP: the form is checked here, everything else is {@link BatchJobService}'s. */
@RestController
@RequestMapping(JobView.BASE)
@Tag(name = "batches", description = "Batch re-evaluation of a whole caseload, optionally against a baseline（批量核定与影响测算）")
public class BatchController {

    private final BatchJobService jobs;
    private final RulesetHolder rulesets;

    public BatchController(BatchJobService jobs, RulesetHolder rulesets) {
        this.jobs = jobs;
        this.rulesets = rulesets;
    }

    @Operation(summary = "Submit a caseload file as a batch job（提交批量核定任务）",
            description = "multipart/form-data. The job runs in the background under the ruleset served now; poll the"
                    + " Location (links.self) until DONE, then download results, errors, and for a comparison the diff"
                    + " and the report. The upload limit is spring.servlet.multipart.max-file-size (default 512MB).")
    @ApiResponse(responseCode = "202", description = "Queued; Location is the job's status URL",
            headers = @Header(name = "Location", description = "The job's status URL", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "400", description = "A missing or empty file, an unknown format, a bad date, an unknown baseline name",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "413", description = "The file is larger than the upload limit",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "503", description = "No ruleset is loaded, or the named baseline rules do not load",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JobView> submit(
            @Parameter(description = "The caseload: JSON Lines (.jsonl, .ndjson) or CSV (.csv, layout in docs/batch.md)")
            @RequestPart(name = "file", required = false) MultipartFile file,
            @Parameter(description = "jsonl or csv; default: by the file's name",
                    schema = @Schema(type = "string", allowableValues = {"jsonl", "ndjson", "csv"}))
            @RequestParam(required = false) String format,
            @Parameter(description = "Assessment date YYYY-MM-DD; default today in Panzhihua",
                    schema = @Schema(type = "string", format = "date"))
            @RequestParam(required = false) String asOf,
            @Parameter(description = "Compare with the same rules on this date (YYYY-MM-DD)",
                    schema = @Schema(type = "string", format = "date"))
            @RequestParam(required = false) String baselineAsOf,
            @Parameter(description = "Compare with the rules configured on the server as batches.baseline-dirs.NAME")
            @RequestParam(required = false) String baselineRules) {
        List<FieldError> errors = new ArrayList<>();
        String fileName = null;
        if (file == null) {
            errors.add(new FieldError("file", "the form has no file part named 'file'", "表单中缺少名为 file 的名册文件"));
        } else {
            fileName = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload"
                    : file.getOriginalFilename();
            if (file.isEmpty()) {
                errors.add(new FieldError("file", "the uploaded file is empty", "上传的名册文件为空"));
            }
        }
        BatchOptions.Format f = format(format, fileName, errors);
        LocalDate date = AssessmentDates.parse(asOf, "asOf", errors);
        LocalDate baseDate = AssessmentDates.parse(baselineAsOf, "baselineAsOf", errors);
        // A date before any rule is in force would fail every household one by one: refused here, as
        // /determinations refuses it.
        inForce(date, "asOf", errors);
        inForce(baseDate, "baselineAsOf", errors);
        if (!errors.isEmpty()) {
            throw BatchProblem.badRequest(errors);
        }
        String baseName = baselineRules == null || baselineRules.isBlank() ? null : baselineRules.strip();
        JobView job = jobs.submit(fileName, f, date != null ? date : AssessmentDates.today(), baseDate, baseName,
                file::transferTo);
        return ResponseEntity.accepted().location(URI.create(job.links().get("self"))).body(job);
    }

    @Operation(summary = "All batch jobs, newest first（批量任务列表）")
    @ApiResponse(responseCode = "200", description = "Every job, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    array = @ArraySchema(schema = @Schema(implementation = JobView.class))))
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public List<JobView> list() {
        return jobs.list();
    }

    @Operation(summary = "A job's state, progress, ruleset versions and links（批量任务状态与进度）")
    @ApiResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public JobView job(@PathVariable String id) {
        return jobs.view(id);
    }

    @Operation(summary = "Continue an INTERRUPTED or FAILED job from its checkpoint（从断点继续已中断的任务）",
            description = "Refused with 409 unless the job is INTERRUPTED or FAILED, and unless the service serves the"
                    + " same ruleset version (and the named baseline the same version) as when the job was submitted.")
    @ApiResponse(responseCode = "202", description = "Queued again",
            headers = @Header(name = "Location", description = "The job's status URL", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "404", description = "No such job", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "Not resumable, or the ruleset changed since the job was submitted",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @PostMapping(path = "/{id}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JobView> resume(@PathVariable String id) {
        JobView job = jobs.resume(id);
        return ResponseEntity.accepted().location(URI.create(job.links().get("self"))).body(job);
    }

    @Operation(summary = "The determinations, JSON Lines in input order（核定结果）")
    @ApiResponse(responseCode = "200", description = "JSON Lines (a download): one Determination per household, in input order",
            content = @Content(mediaType = MediaType.APPLICATION_NDJSON_VALUE, schema = @Schema(type = "string", format = "binary"),
                    extensions = @Extension(name = "x-line-schema", properties = @ExtensionProperty(name = "$ref",
                            value = "#/components/schemas/Determination"))))
    @ApiResponse(responseCode = "404", description = "No such job", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "The job is not DONE",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @GetMapping(path = "/{id}/results", produces = {MediaType.APPLICATION_NDJSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<Resource> results(@PathVariable String id) {
        return download(id, BatchJobService.Output.RESULTS, MediaType.APPLICATION_NDJSON, "results.jsonl", true);
    }

    @Operation(summary = "The bad households: one JSON line per field error with its input line（错误清单）")
    @ApiResponse(responseCode = "200", description = "JSON Lines (a download): one BatchErrorLine per field error; empty when every household was valid",
            content = @Content(mediaType = MediaType.APPLICATION_NDJSON_VALUE, schema = @Schema(type = "string", format = "binary"),
                    extensions = @Extension(name = "x-line-schema", properties = @ExtensionProperty(name = "$ref",
                            value = "#/components/schemas/BatchErrorLine"))))
    @ApiResponse(responseCode = "404", description = "No such job", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "The job is not DONE",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @GetMapping(path = "/{id}/errors", produces = {MediaType.APPLICATION_NDJSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<Resource> errors(@PathVariable String id) {
        return download(id, BatchJobService.Output.ERRORS, MediaType.APPLICATION_NDJSON, "errors.jsonl", true);
    }

    @Operation(summary = "Comparison jobs: one JSON line per household whose entitlements changed（逐户差异）")
    @ApiResponse(responseCode = "200", description = "JSON Lines (a download): one BatchDiffLine per household whose entitlements changed",
            content = @Content(mediaType = MediaType.APPLICATION_NDJSON_VALUE, schema = @Schema(type = "string", format = "binary"),
                    extensions = @Extension(name = "x-line-schema", properties = @ExtensionProperty(name = "$ref",
                            value = "#/components/schemas/BatchDiffLine"))))
    @ApiResponse(responseCode = "409", description = "The job is not DONE",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "404", description = "Not a comparison job, or no such job",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @GetMapping(path = "/{id}/diff", produces = {MediaType.APPLICATION_NDJSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<Resource> diff(@PathVariable String id) {
        return download(id, BatchJobService.Output.DIFF, MediaType.APPLICATION_NDJSON, "diff.jsonl", true);
    }

    @Operation(summary = "Comparison jobs: the impact report, self-contained HTML in Chinese（影响测算报告）")
    @ApiResponse(responseCode = "200", description = "The report, a self-contained HTML page (shown inline)",
            content = @Content(mediaType = MediaType.TEXT_HTML_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "404", description = "Not a comparison job, or no such job", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "409", description = "The job is not DONE",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemBody.class)))
    @GetMapping(path = "/{id}/report", produces = {MediaType.TEXT_HTML_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<Resource> report(@PathVariable String id) {
        return download(id, BatchJobService.Output.REPORT, new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8),
                "report.html", false);
    }

    private ResponseEntity<Resource> download(String id, BatchJobService.Output what, MediaType type, String name,
            boolean attachment) {
        Path file = jobs.output(id, what);
        ContentDisposition cd = (attachment ? ContentDisposition.attachment() : ContentDisposition.inline())
                .filename(id + "-" + name).build();
        return ResponseEntity.ok().contentType(type).header(HttpHeaders.CONTENT_DISPOSITION, cd.toString())
                .body(new FileSystemResource(file));
    }

    private void inForce(LocalDate date, String path, List<FieldError> errors) {
        if (date == null) {
            return;
        }
        java.util.Set<String> undefined = rulesets.require().parameters().at(date).undefinedOnDate();
        if (!undefined.isEmpty()) {
            errors.add(new FieldError(path, "no rules are in force on " + date + " (" + undefined.size()
                    + " parameters have no value yet)", "核定日期 " + date + " 早于参数的首个生效日期，无法核定"));
        }
    }

    /** The form's {@code format}, else the file's extension; an extension that says neither is refused, not guessed. */
    private static BatchOptions.Format format(String format, String fileName, List<FieldError> errors) {
        if (format != null && !format.isBlank()) {
            switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "jsonl", "ndjson" -> {
                    return BatchOptions.Format.JSONL;
                }
                case "csv" -> {
                    return BatchOptions.Format.CSV;
                }
                default -> {
                    String shown = format.length() > 20 ? format.substring(0, 20) + "…" : format;
                    errors.add(new FieldError("format", "must be jsonl or csv, was '" + shown + "'",
                            "格式应为 jsonl 或 csv（填写的是“" + shown + "”）"));
                    return null;
                }
            }
        }
        if (fileName == null) {
            return null;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return BatchOptions.Format.CSV;
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return BatchOptions.Format.JSONL;
        }
        errors.add(new FieldError("format", "cannot tell the format from the file name '" + fileName
                + "': name it .jsonl or .csv, or give format=jsonl|csv",
                "无法从文件名“" + fileName + "”判断格式：请使用 .jsonl 或 .csv 文件，或填写 format（jsonl 或 csv）"));
        return null;
    }
}
