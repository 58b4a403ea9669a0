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

        ImpactAggregate a = new ImpactAggregate();
        Row t = spark.sql("""
                SELECT count(*), count_if(changed), count_if(gaining), count_if(losing), count_if(changing),
                       count_if(changed AND annA > annB), count_if(changed AND annA < annB),
                       sum(size(gWho)), sum(size(lWho)), sum(size(cWho)),
                       sum(bM), sum(bA), sum(bO), sum(aM), sum(aA), sum(aO)
                FROM people
                """).first();
        a.households = t.getLong(0);
        a.changed = t.getLong(1);
        a.gaining = t.getLong(2);
        a.losing = t.getLong(3);
        a.changing = t.getLong(4);
        a.increased = t.getLong(5);
        a.decreased = t.getLong(6);
        a.peopleGaining = num(t, 7);
        a.peopleLosing = num(t, 8);
        a.peopleChanging = num(t, 9);
        a.before.monthly = dec(t, 10);
        a.before.annual = dec(t, 11);
        a.before.oneOff = dec(t, 12);
        a.after.monthly = dec(t, 13);
        a.after.annual = dec(t, 14);
        a.after.oneOff = dec(t, 15);

        for (Row r : spark.sql("""
                SELECT county, count(*), count_if(changed), count_if(gaining), count_if(losing), count_if(changing),
                       sum(size(allWho)), sum(bM), sum(aM), sum(annB), sum(annA)
                FROM people GROUP BY county
                """).collectAsList()) {
            ImpactAggregate.CountyStats c = new ImpactAggregate.CountyStats();
            c.households = r.getLong(1);
            c.changed = r.getLong(2);
            c.gaining = r.getLong(3);
            c.losing = r.getLong(4);
            c.changing = r.getLong(5);
            c.people = num(r, 6);
            c.monthlyBefore = dec(r, 7);
            c.monthlyAfter = dec(r, 8);
            c.annualizedBefore = dec(r, 9);
            c.annualizedAfter = dec(r, 10);
            a.counties.put(r.getString(0), c);
        }

        for (Row r : spark.sql("""
                SELECT x.code, sum(x.before), sum(x.after)
                FROM people LATERAL VIEW explode(byCode) e AS x GROUP BY x.code
                """).collectAsList()) {
            ImpactAggregate.CodeStats c = code(a, r.getString(0), catalogue);
            c.before = dec(r, 1);
            c.after = dec(r, 2);
        }
        for (Row r : spark.sql("""
                SELECT c.code, count_if(c.change = 'GAIN'), count_if(c.change = 'LOSS'), count_if(c.change = 'CHANGE')
                FROM people LATERAL VIEW explode(changes) e AS c WHERE c.change <> 'SAME' GROUP BY c.code
                """).collectAsList()) {
            ImpactAggregate.CodeStats c = code(a, r.getString(0), catalogue);
            c.gain = r.getLong(1);
            c.loss = r.getLong(2);
            c.change = r.getLong(3);
        }
        for (Row r : spark.sql(("""
                SELECT code, count(*), sum(people) FROM (
                  SELECT file, line, c.code AS code, size(array_distinct(flatten(collect_list(WHO)))) AS people
                  FROM people LATERAL VIEW explode(changes) e AS c WHERE c.change <> 'SAME'
                  GROUP BY file, line, c.code)
                GROUP BY code
                """).replace("WHO", WHO)).collectAsList()) {
            ImpactAggregate.CodeStats c = code(a, r.getString(0), catalogue);
            c.households = r.getLong(1);
            c.people = num(r, 2);
        }

        for (Row r : spark.sql("SELECT size(filter(" + buckets + ", b -> diff > b)), count(*) FROM people"
                + " WHERE changed GROUP BY 1").collectAsList()) {
            a.histogram[r.getInt(0)] = r.getLong(1);
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
