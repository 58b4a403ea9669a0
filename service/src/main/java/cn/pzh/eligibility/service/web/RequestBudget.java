package cn.pzh.eligibility.service.web;

import cn.pzh.eligibility.input.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * Bounds the work and the answer of one request before any of it is evaluated: a 13 MB batch of 1,000 households
 * of 200 members each made a 315 MB answer. Counted on the raw tree, so a refusal costs no evaluation.
 */
public final class RequestBudget {

    private RequestBudget() {
    }

    /** {@code households}: the households of one request; {@code prefix} "" for one household, "$" for a batch. */
    public static void check(Iterable<JsonNode> households, boolean batch, Limits limits) {
        long members = 0;
        long items = 0;
        int h = 0;
        for (JsonNode household : households) {
            String at = batch ? "[" + h + "]" : "";
            JsonNode ms = household.get("members");
            if (ms != null && ms.isArray()) {
                members += ms.size();
                for (int m = 0; m < ms.size(); m++) {
                    JsonNode costs = ms.get(m).get("medicalCosts");
                    if (costs != null && costs.isArray()) {
                        if (costs.size() > limits.itemsPerMember()) {
                            String path = (at.isEmpty() ? "" : at + ".") + "members[" + m + "].medicalCosts";
                            throw new InvalidRequestException(new FieldError(path, "has " + costs.size()
                                    + " items, at most " + limits.itemsPerMember() + " are accepted (limits.items-per-member)",
                                    "医疗费用条目过多（" + costs.size() + " 条，每人最多 " + limits.itemsPerMember() + " 条）"));
                        }
                        items += costs.size();
                    }
                }
            }
            JsonNode incomes = household.get("incomes");
            if (incomes != null && incomes.isArray()) {
                items += incomes.size();
            }
            h++;
        }
        if (members > limits.membersPerRequest()) {
            throw new InvalidRequestException(new FieldError("$", members + " members in one request, at most "
                    + limits.membersPerRequest() + " are accepted (limits.members-per-request): send fewer households",
                    "一次请求的成员共 " + members + " 人，最多 " + limits.membersPerRequest() + " 人，请分批提交"));
        }
        if (items > limits.itemsPerRequest()) {
            throw new InvalidRequestException(new FieldError("$", items + " incomes and medical items in one request,"
                    + " at most " + limits.itemsPerRequest() + " are accepted (limits.items-per-request)",
                    "一次请求的收入和医疗费用条目共 " + items + " 条，最多 " + limits.itemsPerRequest() + " 条，请分批提交"));
        }
    }
}
