package cn.pzh.eligibility.store.cli;

import cn.pzh.eligibility.input.Json;
import cn.pzh.eligibility.store.RegisterDocument;
import cn.pzh.eligibility.store.Store;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code batch --db JDBC_URL}: the newest facts of every registered household as the batch's input. They are
 * streamed from the database (one row at a time, identity removed) into {@code OUT.register.jsonl} and the engine's
 * batch runs on that file unchanged, so the run works on one fixed picture of the register while caseworkers keep
 * saving, and {@code --resume} continues on the same picture. Without {@code --db} this is the engine's batch.
 */
@Command(name = "batch", description = "批量核定：--db 时以登记簿中每户的最新信息为输入，否则同引擎的 batch（--help 见其全部选项）。")
final class DbBatchCommand implements Callable<Integer> {

    private final CommandLine engineBatch;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "take the households from this register")
    String url;

    @Option(names = "--db-user", paramLabel = "USER")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD")
    String password;

    @Option(names = "--key-file", paramLabel = "FILE", description = "the register's encryption keys (default: $REGISTER_KEYS)")
    Path keyFile;

    @Unmatched
    List<String> rest = new ArrayList<>();

    DbBatchCommand(CommandLine engineBatch) {
        this.engineBatch = engineBatch;
    }

    @Override
    public Integer call() throws IOException {
        if (url == null) {
            return engineBatch.execute(rest.toArray(String[]::new));
        }
        if (rest.contains("--in") || rest.stream().anyMatch(a -> a.startsWith("--in="))) {
            spec.commandLine().getErr().println("--db and --in name two inputs: give one（--db 与 --in 只能选一个）");
            return 2;
        }
        Path out = option("--out");
        if (out == null) {
            spec.commandLine().getErr().println("--out FILE is required（须指定 --out 输出文件）");
            return 2;
        }
        Path input = Path.of(out + ".register.jsonl");
        boolean resume = rest.contains("--resume");
        if (!(resume && Files.exists(input))) {
            Db db = new Db();
            db.url = url;
            db.user = user;
            db.password = password;
            db.keyFile = keyFile;
            Store store = db.open();
            Path tmp = Path.of(input + ".part");
            long n;
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                n = store.register().forEachLatest(v -> {
                    try {
                        w.write(Json.MAPPER.writeValueAsString(RegisterDocument.facts(v.document())));
                        w.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            Files.move(tmp, input, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getErr().println(n + " registered households taken from the register（登记簿 " + n + " 户）");
        }
        List<String> args = new ArrayList<>(rest);
        args.add("--in");
        args.add(input.toString());
        return engineBatch.execute(args.toArray(String[]::new));
    }

    private Path option(String name) {
        for (int i = 0; i < rest.size(); i++) {
            if (rest.get(i).equals(name) && i + 1 < rest.size()) {
                return Path.of(rest.get(i + 1));
            }
            if (rest.get(i).startsWith(name + "=")) {
                return Path.of(rest.get(i).substring(name.length() + 1));
            }
        }
        return null;
    }
}
