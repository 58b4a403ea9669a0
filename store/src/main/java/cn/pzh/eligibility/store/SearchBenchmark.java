package cn.pzh.eligibility.store;

import cn.pzh.eligibility.input.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills a register with N synthetic households (unique identity numbers with valid check digits, 100 townships of
 * 20 villages, names from a small pool so that common names repeat) and times each kind of search. Run by
 * bench/register-search.sh; prints one line per kind of query: median, 95th percentile and slowest in ms.
 * Usage: SearchBenchmark JDBC_URL USER PASSWORD HOUSEHOLDS REGISTER_EXAMPLE_JSON. With the environment variable
 * REGISTER_KEYS set the register is encrypted (names and numbers sealed, search by blind index), as the service's.
 */
public final class SearchBenchmark {

    private static final String[] SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split("");
    private static final String[] GIVEN = "德明秀英小军建国丽华志强桂兰玉梅海燕文杰红霞春生金凤永福淑珍家豪思远雨涵子轩".split("");

    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int n = Integer.parseInt(args[3]);
        ObjectNode template = (ObjectNode) Json.MAPPER.readTree(Files.readString(Path.of(args[4])));
        LocalPostgres pg = null;
        String user = args[1];
        if (url.startsWith("local-postgres:")) {
            // local-postgres:DIR:PORT — a throwaway server from the machine's binaries, as the tests use.
            String[] parts = url.split(":");
            pg = LocalPostgres.start(Path.of(parts[1]), Integer.parseInt(parts[2]));
            url = pg.createDatabase("bench") + "?reWriteBatchedInserts=true";
            user = LocalPostgres.USER;
            System.out.println("PostgreSQL (local, port " + pg.port() + ")");
        }
        try {
            RegisterKeys keys = RegisterKeys.fromConfiguration(System.getenv("REGISTER_KEYS"), "REGISTER_KEYS", null,
                    null);
            System.out.println(keys.enabled() ? "encryption at rest: on (key " + keys.currentId() + ")"
                    : "encryption at rest: off");
            run(Store.open(oneConnection(url, user, args[2]), keys), n, template);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static void run(Store store, int n, ObjectNode template) {
        long existing = count(store);
        if (existing < n) {
            long t0 = System.nanoTime();
            List<ObjectNode> batch = new ArrayList<>();
            for (int i = (int) existing; i < n; i++) {
                batch.add(household(template, i));
                if (batch.size() == 2000 || i == n - 1) {
                    store.register().createAll(batch, "bench");
                    batch.clear();
                }
                if ((i + 1) % 100_000 == 0) {
                    System.err.printf("  %,d households loaded (%.0f/s)%n", i + 1,
                            (i + 1 - existing) / ((System.nanoTime() - t0) / 1e9));
                }
            }
            System.out.printf("loaded %,d households in %.0f s%n", n - existing, (System.nanoTime() - t0) / 1e9);
            // Fresh statistics, as autovacuum (PostgreSQL) would gather them some time after a bulk load.
            store.read(c -> {
                try (var s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
                return null;
            });
        }
        Random r = new Random(42);
        time(store, "householdId", i -> id(r.nextInt(n)), null, null);
        time(store, "identity number (18)", i -> idNumber(r.nextInt(n), 0), null, null);
        time(store, "identity number (last 4)", i -> idNumber(r.nextInt(n), 1).substring(14), null, null);
        time(store, "name", i -> name(r.nextInt(n), r.nextInt(3)), null, null);
        time(store, "township", i -> township(r.nextInt(n)), null, null);
        time(store, "village", i -> village(r.nextInt(n)), null, null);
        int[] k = new int[1];
        time(store, "last 4 within a township", i -> {
            k[0] = r.nextInt(n);
            return idNumber(k[0], 2).substring(14);
        }, () -> township(k[0]), null);
    }

    /** One connection, kept open (close ignored): what a pool gives the service, without a pool library here. */
    private static javax.sql.DataSource oneConnection(String url, String user, String password) throws Exception {
        java.sql.Connection c = java.sql.DriverManager.getConnection(url, user, password);
        java.sql.Connection kept = (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(
                SearchBenchmark.class.getClassLoader(), new Class<?>[] {java.sql.Connection.class}, (proxy, m, a) -> {
                    if (m.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return m.invoke(c, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        javax.sql.DataSource simple = Store.simple(url, user, password);
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(SearchBenchmark.class.getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (proxy, m, a) -> m.getName().equals("getConnection")
                        ? kept : m.invoke(simple, a));
    }

    private static long count(Store store) {
        return store.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM household")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static void time(Store store, String what, IntFunction<String> query, java.util.function.Supplier<String> township,
            String village) {
        int runs = 300;
        long[] ms = new long[runs];
        int hits = 0;
        for (int i = 0; i < 50; i++) {
            store.register().search(query.apply(i), township == null ? null : township.get(), village);
        }
        for (int i = 0; i < runs; i++) {
            String q = query.apply(i);
            String t = township == null ? null : township.get();
            long t0 = System.nanoTime();
            hits += store.register().search(q, t, village).size();
            ms[i] = System.nanoTime() - t0;
        }
        Arrays.sort(ms);
        System.out.printf("%-26s median %6.2f ms  p95 %6.2f ms  max %6.2f ms  (%d queries, %.1f hits each)%n", what,
                ms[runs / 2] / 1e6, ms[runs * 95 / 100] / 1e6, ms[runs - 1] / 1e6, runs, hits / (double) runs);
    }

    static String id(int i) {
        return String.format("510411-2026-%07d", i);
    }

    static String township(int i) {
        return "乡镇" + (i % 100);
    }

    static String village(int i) {
        return township(i) + "村" + (i / 100 % 20);
    }

    static String name(int i, int member) {
        int h = (i * 31 + member * 7) & 0x7fffffff;
        return SURNAMES[i % SURNAMES.length] + GIVEN[h % GIVEN.length] + GIVEN[(h / GIVEN.length) % GIVEN.length];
    }

    /** Unique per household and member: area 510000–510999 by i / 1000, sequence i % 1000, member's birth date. */
    static String idNumber(int i, int member) {
        String[] births = {"19580314", "19851130", "20090901"};
        String first17 = (510000 + (i / 1000) % 1000) + births[member % 3] + String.format("%03d", i % 1000);
        return first17 + IdNumbers.checkCharacter(first17);
    }

    private static ObjectNode household(ObjectNode template, int i) {
        ObjectNode h = template.deepCopy();
        h.put("householdId", id(i));
        h.withObjectProperty("address").put("township", township(i)).put("village", village(i))
                .put("detail", (i % 50) + " 号");
        int m = 0;
        for (var member : h.withArray("members")) {
            ((ObjectNode) member).put("name", name(i, m));
            ((ObjectNode) member).put("idNumber", idNumber(i, m));
            m++;
        }
        return h;
    }
}
