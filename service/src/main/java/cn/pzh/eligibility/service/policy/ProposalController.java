package cn.pzh.eligibility.service.policy;

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

    public ProposalController(ProposalService proposals) {
        this.proposals = proposals;
    }

    @GetMapping(path = "/api/v1/policy/parameters", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, List<ProposalService.ParameterHistory>> parameters() {
        return Map.of("parameters", proposals.parameters());
    }

    @GetMapping(path = "/api/v1/parameters/proposals", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, List<ProposalService.Proposal>> list() {
        return Map.of("proposals", proposals.list());
    }

    @PostMapping(path = "/api/v1/parameters/proposals", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ProposalService.Proposal> propose(@RequestBody(required = false) ProposalService.Request r,
            Principal user) {
        ProposalService.Proposal p = proposals.propose(r, user.getName());
        return ResponseEntity.created(URI.create("/api/v1/parameters/proposals/" + p.id())).body(p);
    }

    @GetMapping(path = "/api/v1/parameters/proposals/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ProposalService.Proposal get(@PathVariable long id) {
        return proposals.get(id);
    }

    @PostMapping(path = "/api/v1/parameters/proposals/{id}/dry-run", produces = MediaType.APPLICATION_JSON_VALUE)
    public ProposalService.DryRun dryRun(@PathVariable long id) {
        return proposals.dryRun(id);
    }

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
