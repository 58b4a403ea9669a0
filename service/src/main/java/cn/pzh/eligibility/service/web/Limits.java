package cn.pzh.eligibility.service.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code limits.*}: how much one request, one client and all clients together may ask of the service. Each bound
 * turns what would be unbounded work (memory, CPU, a held thread) into a quick 4xx or 503 that says which limit.
 * The defaults and what each answer is are in service/README.md, "Limits".
 */
@ConfigurationProperties("limits")
public record Limits(
        /* Body of POST /api/v1/determinations. */
        @DefaultValue("1MB") org.springframework.util.unit.DataSize determinationBody,
        /* Body of POST /api/v1/determinations/batch. */
        @DefaultValue("32MB") org.springframework.util.unit.DataSize batchBody,
        /* Body of any other request but a batch upload (multipart has its own limit). */
        @DefaultValue("64KB") org.springframework.util.unit.DataSize otherBody,
        /* Households in one POST /api/v1/determinations/batch. */
        @DefaultValue("1000") int batchHouseholds,
        /* Members in all the households of one request together. */
        @DefaultValue("10000") int membersPerRequest,
        /* Medical cost items of one member. */
        @DefaultValue("60") int itemsPerMember,
        /* Incomes and medical items of all households of one request together. */
        @DefaultValue("20000") int itemsPerRequest,
        /* Requests being worked on at once; the rest wait in the queue. */
        @DefaultValue("16") int concurrentRequests,
        /* Requests waiting for a place; beyond this a request is answered 503 at once. */
        @DefaultValue("64") int queue,
        /* How long a queued request waits for a place before it is answered 503. */
        @DefaultValue("2s") Duration queueWait,
        /* The whole body of a determination request must arrive within this, however it trickles. */
        @DefaultValue("10s") Duration bodyTime,
        /* Requests of one client address in progress at once (slow senders hold theirs): beyond, 429. */
        @DefaultValue("16") int requestsPerClient,
        /* Failed sign-ins of one user name within loginWindow before it is refused until the window passes. */
        @DefaultValue("5") int loginFailuresPerUser,
        /* Failed sign-ins from one client address within loginWindow. */
        @DefaultValue("20") int loginFailuresPerAddress,
        @DefaultValue("5m") Duration loginWindow,
        /* One household's evaluation (the engine's time limit): past it that household fails, the rest go on. */
        @DefaultValue("60s") Duration evaluationTime) {
}
