package cn.pzh.eligibility.spark;

import cn.pzh.eligibility.batch.ChunkEvaluation;
import cn.pzh.eligibility.batch.HouseholdComparison;
import cn.pzh.eligibility.batch.RulesetDiff;
import cn.pzh.eligibility.evaluation.Determination;
import cn.pzh.eligibility.evaluation.Determination.Entitlement;
import cn.pzh.eligibility.evaluation.Determination.Totals;
import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.model.Household;
import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.Serializable;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the job does to the records of one partition, chunk by chunk, as {@code eligibility batch} does to its chunks:
 * read every household of the chunk, evaluate the valid ones together in one rule session per ruleset
 * ({@link Ruleset#evaluateAll}), then give one row per record in input order, with the determination written by the
 * engine's own JSON mapper (the same bytes as the CLI's) or the record's field errors (the same content as the CLI's
 * errors file, plus the input file). In a comparison each household is evaluated under both rulesets in the same
 * pass and the row carries the CLI's diff line and the numbers the impact report adds up.
 */
final class Evaluation implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One input record: a JSON line (or a Parquet row as JSON) with the file it came from and its line number. */
    record Source(String file, long line, String text) implements Serializable {
    }

    static final String OK = "OK";
    static final String ERROR = "ERROR";
    static final String BLANK = "BLANK";

    static final DataType MONEY = DataTypes.createDecimalType(18, 2);
    static final DataType SUM = DataTypes.createDecimalType(24, 6);

    static final StructType ENTITLEMENT = new StructType()
            .add("householdId", DataTypes.StringType)
            .add("memberId", DataTypes.StringType)
            .add("code", DataTypes.StringType)
            .add("costItem", DataTypes.IntegerType)
            .add("amount", MONEY)
            .add("period", DataTypes.StringType)
            .add("clause", DataTypes.StringType)
            .add("county", DataTypes.StringType);

    static final StructType CHANGE = new StructType()
            .add("code", DataTypes.StringType)
            .add("memberId", DataTypes.StringType)
            .add("change", DataTypes.StringType)
            .add("before", SUM)
            .add("after", SUM);

    static final StructType CODE_AMOUNTS = new StructType()
            .add("code", DataTypes.StringType)
            .add("before", SUM)
            .add("after", SUM);

    static final StructType IMPACT = new StructType()
            .add("changed", DataTypes.BooleanType, false)
            .add("members", DataTypes.createArrayType(DataTypes.StringType))
            .add("bM", SUM).add("bA", SUM).add("bO", SUM)
            .add("aM", SUM).add("aA", SUM).add("aO", SUM)
            .add("byCode", DataTypes.createArrayType(CODE_AMOUNTS))
            .add("changes", DataTypes.createArrayType(CHANGE))
            .add("summary", DataTypes.StringType);

    /** One row per input record. */
    static final StructType RESULT = new StructType()
            .add("file", DataTypes.StringType)
            .add("line", DataTypes.LongType, false)
            .add("kind", DataTypes.StringType, false)
            .add("householdId", DataTypes.StringType)
            .add("county", DataTypes.StringType)
            .add("determination", DataTypes.StringType)
            .add("errors", DataTypes.createArrayType(DataTypes.StringType))
            .add("entitlements", DataTypes.createArrayType(ENTITLEMENT))
            .add("diff", DataTypes.StringType)
            .add("impact", IMPACT);

    private final String version;
    private final LocalDate asOf;
    private final String baseVersion;
    private final LocalDate baseDate;
    private final int chunk;

    /** @param baseVersion null unless the run compares with a baseline (ruleset or date) */
    Evaluation(String version, LocalDate asOf, String baseVersion, LocalDate baseDate, int chunk) {
        this.version = version;
        this.asOf = asOf;
        this.baseVersion = baseVersion;
        this.baseDate = baseDate;
        this.chunk = chunk;
    }

    boolean comparison() {
        return baseVersion != null;
    }

    /** The rows of a partition, produced a chunk at a time: the partition is never held whole. */
    Iterator<Row> rows(Iterator<Source> in) {
        return new Iterator<>() {
            private final Deque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && in.hasNext()) {
                    List<Source> c = new ArrayList<>(chunk);
                    while (c.size() < chunk && in.hasNext()) {
                        c.add(in.next());
                    }
                    ready.addAll(process(c));
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.removeFirst();
            }
        };
    }

    List<Row> process(List<Source> records) {
        Ruleset rules = Rulesets.get(version);
        Ruleset base = comparison() ? Rulesets.get(baseVersion) : null;
        RulesetDiff rd = comparison() ? Rulesets.diff(baseVersion, baseDate, version, asOf) : null;
        // Blank records are passed over; the others go through the engine's one chunk evaluation, as in the CLI.
        List<Source> read = new ArrayList<>(records.size());
        List<ChunkEvaluation.Reader> readers = new ArrayList<>(records.size());
        List<String> texts = new ArrayList<>(records.size());
        for (Source rec : records) {
            if (!rec.text().isBlank()) {
                read.add(rec);
                readers.add(() -> HouseholdReader.parse(rec.text()));
                texts.add(rec.text());
            }
        }
        List<ChunkEvaluation.Outcome> outcomes = ChunkEvaluation.evaluate(rules, asOf, base, baseDate, readers, texts);
        List<Row> out = new ArrayList<>(records.size());
        int k = 0;
        for (Source rec : records) {
            if (rec.text().isBlank()) {
                out.add(RowFactory.create(rec.file(), rec.line(), BLANK, null, null, null, null, null, null, null));
                continue;
            }
            ChunkEvaluation.Outcome o = outcomes.get(k++);
            if (o.ok()) {
                try {
                    out.add(row(rec, o, rules, base, rd));
                    continue;
                } catch (RuntimeException e) {
                    o = ChunkEvaluation.failed(e, o.householdId(), rec.text());
                }
            }
            List<String> errors = new ArrayList<>(o.problems().size());
            for (FieldError fe : o.problems()) {
                errors.add(error(rec, o.householdId(), fe.path(), fe.message(), fe.messageZh()));
            }
            out.add(RowFactory.create(rec.file(), rec.line(), ERROR, o.householdId(), null, null, seq(errors), null,
                    null, null));
        }
        return out;
    }

    private Row row(Source rec, ChunkEvaluation.Outcome o, Ruleset rules, Ruleset base, RulesetDiff rd) {
        Household h = o.household();
        Determination d = o.after();
        Row impact = null;
        String diff = null;
        if (base != null) {
            HouseholdComparison c = HouseholdComparison.of(rec.line(), h, o.before(), d,
                    () -> List.of(base.evaluateTraced(h, baseDate), rules.evaluateTraced(h, asOf)), rd);
            impact = impact(c, rules);
            diff = c.diffLine();
        }
        String json = Json.MAPPER.writeValueAsString(d);
        return RowFactory.create(rec.file(), rec.line(), OK, h.householdId(), h.county(), json, null,
                seq(entitlements(d, h)), diff, impact);
    }

    private static List<Row> entitlements(Determination d, Household h) {
        List<Row> rows = new ArrayList<>(d.entitlements().size());
        for (Entitlement e : d.entitlements()) {
            // Amounts are always whole fen: a finer one would be a defect, and must not be rounded away silently.
            rows.add(RowFactory.create(d.householdId(), e.memberId(), e.code(), e.costItem(),
                    e.amount().setScale(2, RoundingMode.UNNECESSARY), e.period() == null ? null : e.period().name(),
                    e.clause(), h.county()));
        }
        return rows;
    }

    private static Row impact(HouseholdComparison c, Ruleset rules) {
        Totals b = c.before();
        Totals a = c.after();
        List<Row> byCode = c.byCode().stream()
                .map(x -> RowFactory.create(x.code(), x.before(), x.after())).toList();
        List<Row> changes = c.changes().stream()
                .map(x -> RowFactory.create(x.code(), x.memberId(), x.change(), x.before(), x.after())).toList();
        return RowFactory.create(c.changed(), seq(c.memberIds()), b.monthly(), b.annual(), b.oneOff(), a.monthly(),
                a.annual(), a.oneOff(), seq(byCode), seq(changes), c.changed() ? c.summary(rules.codes()) : null);
    }

    /** The CLI's error line ({@code line, householdId, path, message, messageZh}), with the input file first. */
    private static String error(Source rec, String householdId, String path, String message, String messageZh) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("file", rec.file());
        e.put("line", rec.line());
        e.put("householdId", householdId);
        e.put("path", path);
        // As the CLI's errors file: the path and the problem, never the value (LogSafe).
        e.put("message", cn.pzh.eligibility.batch.LogSafe.message(message));
        e.put("messageZh", cn.pzh.eligibility.batch.LogSafe.message(messageZh));
        return Json.MAPPER.writeValueAsString(e);
    }

    /** Spark's rows hold arrays as Scala sequences. */
    private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
        return scala.jdk.javaapi.CollectionConverters.asScala(list).toList();
    }

}
