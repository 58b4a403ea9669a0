package cn.pzh.eligibility.spark;

import cn.pzh.eligibility.batch.HouseholdComparison;
import cn.pzh.eligibility.batch.ImpactAggregate;
import cn.pzh.eligibility.rules.Codes;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The impact report's numbers, added up by Spark SQL over the per-household rows of a comparison, and put into the
 * engine's {@link ImpactAggregate} so that the engine's report writer draws the same report as {@code batch
 * --report}. The conventions are the report's: annualized = monthly × 12 + annual + one-off; a household-level change
 * (memberId null) touches every member; the histogram buckets are (lower, upper] in yuan; the largest changes are
 * ordered by the absolute annualized change, ties by input position.
 */
final class ImpactSql {

    private ImpactSql() {
    }

    private static final String WHO = "if(c.memberId IS NULL, members, array(c.memberId))";

    static ImpactAggregate aggregate(SparkSession spark, Dataset<Row> results, Codes catalogue) {
        results.createOrReplaceTempView("results");
        String buckets = HouseholdComparison.buckets().stream().map(String::valueOf)
                .collect(Collectors.joining(", ", "array(", ")"));
        spark.sql("""
                SELECT file, line, householdId, county, impact.*,
                       impact.bM * 12 + impact.bA + impact.bO AS annB,
                       impact.aM * 12 + impact.aA + impact.aO AS annA
                FROM results WHERE kind = 'OK' AND impact IS NOT NULL
                """).createOrReplaceTempView("impacts");
        spark.sql(("""
                SELECT *, annA - annB AS diff,
                       size(filter(changes, c -> c.change = 'GAIN')) > 0 AS gaining,
                       size(filter(changes, c -> c.change = 'LOSS')) > 0 AS losing,
                       size(filter(changes, c -> c.change = 'CHANGE')) > 0 AS changing,
                       array_distinct(flatten(transform(filter(changes, c -> c.change = 'GAIN'), c -> WHO))) AS gWho,
                       array_distinct(flatten(transform(filter(changes, c -> c.change = 'LOSS'), c -> WHO))) AS lWho,
                       array_distinct(flatten(transform(filter(changes, c -> c.change = 'CHANGE'), c -> WHO))) AS cWho,
                       array_distinct(flatten(transform(filter(changes, c -> c.change <> 'SAME'), c -> WHO))) AS allWho
                FROM impacts
                """).replace("WHO", WHO)).createOrReplaceTempView("people");

        // Three queries: the totals and each county (grouping sets, one shuffle), the codes (one shuffle), the
        // largest changes (no shuffle). Few stages matter more than few rows: the data is bounded, the stages are not.
        StringBuilder hist = new StringBuilder();
        for (int b = 0; b <= HouseholdComparison.buckets().size(); b++) {
            hist.append(", count_if(changed AND size(filter(").append(buckets).append(", b -> diff > b)) = ").append(b)
                    .append(")");
        }
        ImpactAggregate a = new ImpactAggregate();
        for (Row r : spark.sql("""
                SELECT grouping_id() AS total, county, count(*), count_if(changed), count_if(gaining),
                       count_if(losing), count_if(changing), sum(size(allWho)),
                       sum(bM), sum(aM), sum(annB), sum(annA),
                       count_if(changed AND annA > annB), count_if(changed AND annA < annB),
                       sum(size(gWho)), sum(size(lWho)), sum(size(cWho)),
                       sum(bA), sum(bO), sum(aA), sum(aO) HIST
                FROM people GROUP BY GROUPING SETS ((county), ())
                """.replace("HIST", hist)).collectAsList()) {
            if (((Number) r.get(0)).intValue() == 0) {
                ImpactAggregate.CountyStats c = new ImpactAggregate.CountyStats();
                c.households = r.getLong(2);
                c.changed = r.getLong(3);
                c.gaining = r.getLong(4);
                c.losing = r.getLong(5);
                c.changing = r.getLong(6);
                c.people = num(r, 7);
                c.monthlyBefore = dec(r, 8);
                c.monthlyAfter = dec(r, 9);
                c.annualizedBefore = dec(r, 10);
                c.annualizedAfter = dec(r, 11);
                a.counties.put(r.getString(1), c);
                continue;
            }
            a.households = r.getLong(2);
            a.changed = r.getLong(3);
            a.gaining = r.getLong(4);
            a.losing = r.getLong(5);
            a.changing = r.getLong(6);
            a.before.monthly = dec(r, 8);
            a.after.monthly = dec(r, 9);
            a.increased = r.getLong(12);
            a.decreased = r.getLong(13);
            a.peopleGaining = num(r, 14);
            a.peopleLosing = num(r, 15);
            a.peopleChanging = num(r, 16);
            a.before.annual = dec(r, 17);
            a.before.oneOff = dec(r, 18);
            a.after.annual = dec(r, 19);
            a.after.oneOff = dec(r, 20);
            for (int b = 0; b < a.histogram.length; b++) {
                a.histogram[b] = r.getLong(21 + b);
            }
        }

        // Every changed entitlement has a grant on one side, so its code is among the household's byCode codes.
        for (Row r : spark.sql(("""
                SELECT x.code, sum(x.before), sum(x.after),
                       sum(size(filter(x.changes, c -> c.change = 'GAIN'))),
                       sum(size(filter(x.changes, c -> c.change = 'LOSS'))),
                       sum(size(filter(x.changes, c -> c.change = 'CHANGE'))),
                       count_if(size(x.changes) > 0),
                       sum(size(array_distinct(flatten(transform(x.changes, c -> WHO)))))
                FROM (SELECT explode(transform(byCode, y -> named_struct('code', y.code, 'before', y.before,
                          'after', y.after, 'changes', filter(changes, c -> c.code = y.code AND c.change <> 'SAME'))))
                          AS x, members
                      FROM people)
                GROUP BY x.code
                """).replace("WHO", WHO)).collectAsList()) {
            ImpactAggregate.CodeStats c = code(a, r.getString(0), catalogue);
            c.before = dec(r, 1);
            c.after = dec(r, 2);
            c.gain = num(r, 3);
            c.loss = num(r, 4);
            c.change = num(r, 5);
            c.households = r.getLong(6);
            c.people = num(r, 7);
        }

        List<Row> top = spark.sql("SELECT line, householdId, county, aM - bM, diff, summary FROM people WHERE changed"
                + " ORDER BY abs(diff) DESC, file, line LIMIT " + ImpactAggregate.TOP).collectAsList();
        for (Row r : top) {
            ImpactAggregate.Top x = new ImpactAggregate.Top();
            x.line = r.getLong(0);
            x.householdId = r.getString(1);
            x.county = r.getString(2);
            x.monthly = r.getDecimal(3);
            x.annualized = r.getDecimal(4);
            x.summary = r.getString(5);
            a.top.add(x);
        }
        return a;
    }

    private static ImpactAggregate.CodeStats code(ImpactAggregate a, String code, Codes catalogue) {
        return a.codes.computeIfAbsent(code, k -> {
            ImpactAggregate.CodeStats c = new ImpactAggregate.CodeStats();
            Codes.Code cc = catalogue.find(k);
            c.period = cc == null || cc.period() == null ? "" : cc.period().name();
            return c;
        });
    }

    private static long num(Row r, int i) {
        return r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue();
    }

    private static BigDecimal dec(Row r, int i) {
        return r.isNullAt(i) ? BigDecimal.ZERO : r.getDecimal(i);
    }
}
