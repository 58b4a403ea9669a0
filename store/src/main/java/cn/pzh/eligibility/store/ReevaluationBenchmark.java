package cn.pzh.eligibility.store;

import cn.pzh.eligibility.evaluation.Evaluator;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads a generated caseload into a register for bench/reevaluate.sh: each household saved with a name per member
 * and an address (what the register asks beyond the facts), and determined at the baseline date under the rules,
 * the determination recorded as the service records it (bytes, input hash, ruleset version), in batches of 2,000.
 * The run that follows is the product's own `reevaluate --db`. Usage:
 * ReevaluationBenchmark JDBC_URL CASELOAD_JSONL RULES_DIR BASELINE_DATE
 */
public final class ReevaluationBenchmark {

    private static final int BATCH = 2000;

    private ReevaluationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Store store = Store.open(Store.simple(args[0], "sa", ""));
        Path caseload = Path.of(args[1]);
        Ruleset rules = Ruleset.load(Path.of(args[2]));
        LocalDate baseline = LocalDate.parse(args[3]);
        if (!store.archive().contains(rules.version())) {
            store.archive().archive(rules, "bench");
        }
        long t0 = System.nanoTime();
        long n = 0;
        List<ObjectNode> batch = new ArrayList<>(BATCH);
        try (BufferedReader in = Files.newBufferedReader(caseload, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                batch.add(registerDocument((ObjectNode) Json.MAPPER.readTree(line), n++));
                if (batch.size() == BATCH) {
                    load(store, rules, baseline, batch);
                    batch.clear();
                }
                if (n % 100_000 == 0) {
                    System.err.printf("  %,d households registered and determined (%.0f/s)%n", n,
                            n / ((System.nanoTime() - t0) / 1e9));
                }
            }
        }
        if (!batch.isEmpty()) {
            load(store, rules, baseline, batch);
        }
        System.out.printf("registered and determined %,d households at %s in %.0f s%n", n, baseline,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The facts plus what the register asks: a name per member, a township and village (from the county). */
    static ObjectNode registerDocument(ObjectNode h, long i) {
        String county = h.path("county").asString("东区");
        h.putObject("address").put("township", county + "第" + (i % 20) + "镇").put("village", (i / 20 % 15) + "村");
        int m = 0;
        for (var member : h.withArray("members")) {
            ((ObjectNode) member).put("name", "成员" + i + "-" + m++);
        }
        return h;
    }

    private static void load(Store store, Ruleset rules, LocalDate baseline, List<ObjectNode> docs) {
        store.register().createAll(docs, "bench");
        List<Household> households = new ArrayList<>(docs.size());
        List<byte[]> inputs = new ArrayList<>(docs.size());
        for (ObjectNode d : docs) {
            RegisterDocument doc = RegisterDocument.read(d);
            households.add(doc.household());
            inputs.add(Json.MAPPER.writeValueAsBytes(RegisterDocument.facts(d)));
        }
        List<Evaluator.Outcome> outcomes = rules.evaluateAll(households, baseline);
        Timestamp at = Timestamp.from(HouseholdRegister.now());
        store.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO determination_record (household_id,"
                    + " facts_version, as_of, ruleset_version, determined_by, determined_at, input_sha256,"
                    + " determination) VALUES (?, 1, ?, ?, 'bench', ?, ?, ?)")) {
                for (int i = 0; i < docs.size(); i++) {
                    Evaluator.Outcome o = outcomes.get(i);
                    if (o.error() != null) {
                        continue; // the run reports it as an error of its own
                    }
                    s.setString(1, docs.get(i).get("householdId").asString());
                    s.setDate(2, Date.valueOf(baseline));
                    s.setString(3, rules.version());
                    s.setTimestamp(4, at);
                    s.setString(5, Casework.inputHash(inputs.get(i), baseline));
                    s.setBytes(6, Json.MAPPER.writeValueAsBytes(o.determination()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }
}
