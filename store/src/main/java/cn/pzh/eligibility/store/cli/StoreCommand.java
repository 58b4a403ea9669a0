package cn.pzh.eligibility.store.cli;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.InvalidHouseholdException;
import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.store.HouseholdVersion;
import cn.pzh.eligibility.store.RegisterEncryption;
import cn.pzh.eligibility.store.RegisterKeys;
import cn.pzh.eligibility.store.Store;
import cn.pzh.eligibility.store.StoreException;
import cn.pzh.eligibility.store.VersionConflictException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "store", mixinStandardHelpOptions = true,
        description = "案卷登记簿：导出、导入家庭信息及其全部版本（JSON Lines）；加密个人信息、更换密钥。",
        subcommands = {StoreCommand.Export.class, StoreCommand.Import.class, StoreCommand.Encrypt.class,
                StoreCommand.NewKey.class})
final class StoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** One line per saved version, oldest first per household: {householdId, version, savedBy, savedAt, household}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Every version of every household as JSON Lines（导出全部家庭及其历次版本）")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Db db;

        @Option(names = "--out", paramLabel = "FILE", description = "output file (default: standard output)")
        Path out;

        @Override
        public Integer call() throws IOException {
            Store store = db.open();
            Writer w = out == null ? spec.commandLine().getOut()
                    : new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8));
            long[] households = {0};
            String[] last = {null};
            long n;
            try {
                n = store.register().forEachVersion(v -> {
                    ObjectNode line = Json.MAPPER.createObjectNode();
                    line.put("householdId", v.householdId());
                    line.put("version", v.version());
                    line.put("savedBy", v.savedBy());
                    line.put("savedAt", v.savedAt().toString());
                    line.set("household", v.document());
                    try {
                        w.write(Json.MAPPER.writeValueAsString(line));
                        w.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (!v.householdId().equals(last[0])) {
                        households[0]++;
                        last[0] = v.householdId();
                    }
                });
            } finally {
                w.flush();
                if (out != null) {
                    w.close();
                }
            }
            spec.commandLine().getErr().println(households[0] + " households, " + n + " versions exported");
            return 0;
        }
    }

    /** Reads what export writes; a bad line is reported with its number and the rest goes on. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import households and their versions from JSON Lines（导入；每行一个版本，按版本顺序）")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Db db;

        @Option(names = "--in", paramLabel = "FILE", description = "input file (default: standard input)")
        Path in;

        @Override
        public Integer call() throws IOException {
            Store store = db.open();
            PrintWriter err = spec.commandLine().getErr();
            long lines = 0;
            long imported = 0;
            long errors = 0;
            try (BufferedReader r = in == null
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
                String text;
                while ((text = r.readLine()) != null) {
                    lines++;
                    if (text.isBlank()) {
                        continue;
                    }
                    try {
                        store.register().importVersion(version(text));
                        imported++;
                    } catch (InvalidHouseholdException e) {
                        errors++;
                        for (FieldError f : e.errors()) {
                            err.println("line " + lines + ": household " + e.householdId() + ": " + f);
                        }
                    } catch (VersionConflictException e) {
                        errors++;
                        err.println("line " + lines + ": household " + e.householdId() + ": version "
                                + (e.baseVersion() + 1) + " does not follow version " + e.currentVersion()
                                + " in the register（版本不连续）");
                    } catch (BadLine e) {
                        errors++;
                        err.println("line " + lines + ": " + e.getMessage());
                    } catch (StoreException e) {
                        errors++;
                        err.println("line " + lines + ": " + e.getMessage());
                    }
                }
            }
            err.println(lines + " lines read, " + imported + " versions imported, " + errors + " errors");
            return errors == 0 ? 0 : 2;
        }

        private static HouseholdVersion version(String text) {
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(text);
            } catch (JacksonException e) {
                // Only where: the parser's message would quote the text, which may be a name.
                throw new BadLine("not valid JSON at column " + (e.getLocation() == null ? "?"
                        : e.getLocation().getColumnNr()) + "（不是有效的 JSON）");
            }
            if (!n.isObject() || !n.path("householdId").isString() || !n.path("version").isIntegralNumber()
                    || !n.path("household").isObject() || !n.path("savedBy").isString()
                    || !n.path("savedAt").isString()) {
                throw new BadLine("expected {householdId, version, savedBy, savedAt, household}（每行须含这五项）");
            }
            Instant at;
            try {
                at = Instant.parse(n.get("savedAt").stringValue());
            } catch (RuntimeException e) {
                throw new BadLine("savedAt: not an instant like 2026-12-01T08:00:00Z（保存时间格式有误）");
            }
            return new HouseholdVersion(n.get("householdId").stringValue(), n.get("version").intValue(),
                    (ObjectNode) n.get("household"), n.get("savedBy").stringValue(), at);
        }
    }

    /**
     * Seals a plaintext register under the configured key, or re-seals it under a new current key after a rotation;
     * a second run does nothing. The service must be stopped for a first encryption (one process owns an H2 file,
     * and a service without the key must not write plaintext meanwhile); a rotation may run beside a service that
     * already has the new key first in its configuration.
     */
    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = "Encrypt the register's personal data under the current key, or re-encrypt rows under older"
                    + " keys after a rotation（加密登记簿中的个人信息；更换密钥后以新密钥重新加密）")
    static final class Encrypt implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Db db;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            RegisterKeys keys = db.keys();
            if (!keys.enabled()) {
                err.println("error: no key: give --key-file FILE or REGISTER_KEYS（未配置密钥）; make a key with"
                        + " `store new-key --id ID`");
                return 2;
            }
            long t0 = System.nanoTime();
            RegisterEncryption.Report r = Store.encrypt(db.dataSource(), keys, err::println);
            PrintWriter out = spec.commandLine().getOut();
            out.println(String.format("key %s: %d versions and %d member rows sealed (%d of them plaintext) in %.1f s"
                    + "（以密钥 %s 加密：%d 个版本、%d 名成员）", r.currentKey(), r.versions(), r.members(),
                    r.plaintextRows(), (System.nanoTime() - t0) / 1e9, r.currentKey(), r.versions(), r.members()));
            if (!r.retiredKeys().isEmpty()) {
                out.println("no row is left under key " + String.join(", ", r.retiredKeys())
                        + ": it may be removed from the configuration（旧密钥已不再使用，可从配置中删除）");
            }
            if (r.compacted()) {
                out.println("database files rewritten: the old plaintext is gone from them; backups made before still"
                        + " hold it（数据库文件已重写；此前的备份仍含明文）");
            }
            out.flush();
            return 0;
        }
    }

    /** A new random 256-bit key as a configuration line; nothing is stored anywhere. */
    @Command(name = "new-key", mixinStandardHelpOptions = true,
            description = "Print a new random key as KEY_ID:BASE64 for the key file（生成新密钥）")
    static final class NewKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--id", required = true, paramLabel = "KEY_ID",
                description = "the key's id, e.g. k2026 (letters, digits, - and _)")
        String id;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(RegisterKeys.generate(id));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    static final class BadLine extends RuntimeException {
        BadLine(String message) {
            super(message);
        }
    }
}
