package cn.pzh.eligibility.service;

import cn.pzh.eligibility.input.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Made-up registered households for the page tests: the facts of shared/spec's example (whose amounts are worked
 * out by hand in CaseworkerPageBrowserTest), with invented names and identity numbers that pass GB 11643-1999.
 */
public final class PageHouseholds {

    private PageHouseholds() {
    }

    /** The 18th character of a 17-digit identity number, by GB 11643-1999 (ISO 7064 MOD 11-2). */
    static char checkDigit(String first17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    /** An identity number of a Renhe district person born on birthDate (YYYY-MM-DD) with sequence seq (3 digits). */
    static String idNumber(String birthDate, String seq) {
        String first17 = "510411" + birthDate.replace("-", "") + seq;
        return first17 + checkDigit(first17);
    }

    /** The register document: the example's facts, household id, address, phone and the given names. */
    static ObjectNode household(String householdId, String seqPrefix, String... names) {
        ObjectNode h = (ObjectNode) Json.MAPPER.readTree(Http.example());
        h.put("householdId", householdId);
        ObjectNode address = h.putObject("address");
        address.put("township", "大田镇");
        address.put("village", "试验村");
        address.put("detail", "七组 8 号");
        h.put("phone", "13900000000");
        ArrayNode members = (ArrayNode) h.get("members");
        for (int i = 0; i < members.size(); i++) {
            ObjectNode m = (ObjectNode) members.get(i);
            m.put("name", names[i]);
            m.put("idNumber", idNumber(m.get("birthDate").stringValue(), seqPrefix + i));
        }
        return h;
    }

    /**
     * A member of the small registers of the policy tests (ProposalApiTest, PolicyPageBrowserTest): no labour
     * capacity, on the employee pension, nothing else that grants.
     */
    public static String memberJson(String id, String name, String relation, String birth) {
        return """
                {"memberId": "%s", "name": "%s", "birthDate": "%s", "relation": "%s", "laborCapacity": "NONE",
                 "employed": false, "student": "NONE", "seriousIllness": false, "chronicIllness": false,
                 "employeePension": true, "residentPensionEnrolled": false, "receivesBasicPension": false,
                 "extremelyPoorSupported": false, "orphanGuarantee": false, "workInjuryNursingFee": false}
                """.formatted(id, name, birth, relation);
    }

    /** A registered REGISTERED household of 大田镇 大田村 with one agricultural income and the given members. */
    public static String householdJson(String id, String county, String residence, String income, String... members) {
        return """
                {"householdId": "%s", "county": "%s", "address": {"township": "大田镇", "village": "大田村"},
                 "residence": "%s", "povertyStatus": "REGISTERED", "receivesDibao": false,
                 "incomes": [{"type": "AGRICULTURE", "annualAmount": %s}], "housingSafety": "A",
                 "safeDrinkingWater": true, "hardship": null, "members": [%s]}
                """.formatted(id, county, residence, income, String.join(",", members));
    }
}
