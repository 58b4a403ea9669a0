package cn.pzh.eligibility.service;

import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What OpenApiContractTest and GeneratedClientTest both need to call every operation: the register example, a
 * proposal, and a township of made-up households big enough that a re-evaluation of it is still running when it is
 * asked to stop.
 */
final class ContractFixtures {

    private ContractFixtures() {
    }

    static final Path REGISTER_EXAMPLE = Path.of("../../shared/spec/household.register.example.json");
    /** The register example's id, county and township. */
    static final String HOUSEHOLD = "510411-2019-000123";
    static final String COUNTY = "仁和区";
    static final String TOWNSHIP = "大田镇";
    static final String UNKNOWN_HOUSEHOLD = "510411-2019-999999";
    static final long UNKNOWN_NUMBER = 999_999;

    /** The rural 低保 standard from 2025: a value after the last one the files hold (2021-12-01). */
    static final String PROPOSAL = """
            {"parameter": "dibao.standard.rural", "value": 470, "from": "2025-01-01",
             "reference": "攀枝花市民政局 2025 年第 3 号通知（契约测试）", "note": null}""";
    /** Under the proposal's standard, before the example's grandchild turns 16 (2025-09-01) and needs a labour capacity. */
    static final String RUN_AS_OF = "2025-06-01";

    /**
     * Enough households that a run of them is still going when a stop sent right after the start arrives (seconds of
     * evaluation against milliseconds of a request). A stop that arrives before the last household is done always
     * ends the run STOPPED, since the runner looks at the stop before its first chunk and after each chunk, the last
     * one too (ReevaluationContract.aStopIsHonouredAtEveryChunkBoundaryTheLastOnesToo).
     */
    static final int BULK = 400;
    static final String BULK_TOWNSHIP = "测试镇";

    static byte[] registerExample() {
        try {
            return Files.readAllBytes(REGISTER_EXAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #BULK} households like the example, in their own township, with made-up names and no numbers. */
    static List<JsonNode> bulkHouseholds() {
        JsonNode example = Json.MAPPER.readTree(registerExample());
        List<JsonNode> out = new ArrayList<>();
        for (int i = 1; i <= BULK; i++) {
            ObjectNode h = (ObjectNode) example.deepCopy();
            h.put("householdId", "510411-2026-%06d".formatted(i));
            h.remove("phone");
            ObjectNode address = Json.MAPPER.createObjectNode();
            address.put("township", BULK_TOWNSHIP);
            address.put("village", "测试村");
            h.set("address", address);
            int m = 0;
            for (JsonNode member : h.withArray("members")) {
                ObjectNode o = (ObjectNode) member;
                o.put("name", "测试" + i + "-" + ++m);
                o.remove("idNumber");
            }
            out.add(h);
        }
        return out;
    }
}
