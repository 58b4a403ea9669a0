package cn.pzh.eligibility.service.policy;

import cn.pzh.eligibility.service.api.ProblemBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Policy staff's proposals of new dated parameter values: draft, dry run, publish (POLICY role only). */
@RestController
public class ProposalController {

    private final ProposalService proposals;

    /** The answer of GET /api/v1/parameters/proposals, for the document: a map with this one key. */
    @Schema(name = "ProposalList")
    public record ProposalList(List<ProposalService.Proposal> proposals) {
    }

    /** The answer of GET /api/v1/policy/parameters, for the document: a map with this one key. */
    @Schema(name = "ParameterHistoryList")
    public record ParameterHistoryList(List<ProposalService.ParameterHistory> parameters) {
    }

    public ProposalController(ProposalService proposals) {
        this.proposals = proposals;
    }

    @Operation(operationId = "proposalParameters",
            summary = "Every parameter with all its dated values, as the files hold them（参数及其历次取值；政策科室角色）")
    @ApiResponse(responseCode = "200", description = "Every parameter, by name",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ParameterHistoryList.class)))
    @ApiResponse(responseCode = "503", description = "The rules directory has no parameter files to read",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @GetMapping(path = "/api/v1/policy/parameters", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, List<ProposalService.ParameterHistory>> parameters() {
        return Map.of("parameters", proposals.parameters());
    }

    @Operation(operationId = "proposalList", summary = "Every proposal, newest first（修改建议，最新在前）")
    @ApiResponse(responseCode = "200", description = "Every proposal, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ProposalList.class)))
    @GetMapping(path = "/api/v1/parameters/proposals", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, List<ProposalService.Proposal>> list() {
        return Map.of("proposals", proposals.list());
    }

    @Operation(operationId = "proposalPropose",
            summary = "Propose a new dated value of one parameter: a draft copy of the rules（提出参数修改建议）")
    @ApiResponse(responseCode = "201", description = "The draft; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ProposalService.Proposal.class)))
    @ApiResponse(responseCode = "503", description = "The rules directory has no parameter files to edit",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @PostMapping(path = "/api/v1/parameters/proposals", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ProposalService.Proposal> propose(@RequestBody(required = false) ProposalService.Request r,
            Principal user) {
        ProposalService.Proposal p = proposals.propose(r, user.getName());
        return ResponseEntity.created(URI.create("/api/v1/parameters/proposals/" + p.id())).body(p);
    }

    @Operation(operationId = "proposalGet", summary = "One proposal（一条修改建议）")
    @GetMapping(path = "/api/v1/parameters/proposals/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ProposalService.Proposal get(@PathVariable long id) {
        return proposals.get(id);
    }

    @Operation(operationId = "proposalDryRun",
            summary = "The publish gate on the draft and its impact on the register; nothing goes live（试运行）")
    @ApiResponse(responseCode = "409", description = "The draft is gone (published or discarded)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @ApiResponse(responseCode = "200", description = "The gate's outcome (WOULD_SWAP, or why not) and the impact",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ProposalService.DryRun.class)))
    @ApiResponse(responseCode = "503", description = "No ruleset is in service to compare with",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @PostMapping(path = "/api/v1/parameters/proposals/{id}/dry-run", produces = MediaType.APPLICATION_JSON_VALUE)
    public ProposalService.DryRun dryRun(@PathVariable long id) {
        return proposals.dryRun(id);
    }

    @Operation(operationId = "proposalPublish",
            summary = "Write the draft's file into the live rules; the reloader's gate decides（发布）")
    @ApiResponse(responseCode = "200", description = "The proposal and the reload's report: SWAPPED, or refused by "
            + "the gate (the file is then put back)", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ProposalService.Published.class)))
    @ApiResponse(responseCode = "409", description = "Not a draft any more, or the file changed since the proposal",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemBody.class)))
    @PostMapping(path = "/api/v1/parameters/proposals/{id}/publish", produces = MediaType.APPLICATION_JSON_VALUE)
    public ProposalService.Published publish(@PathVariable long id, Principal user) {
        return proposals.publish(id, user.getName());
    }

    @ExceptionHandler(ProposalService.ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ProposalService.ConflictException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage() + "（" + e.messageZh + "）");
        p.setType(URI.create(cn.pzh.eligibility.service.web.Problems.TYPE + "proposal-conflict"));
        p.setTitle("Conflict（冲突）");
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
