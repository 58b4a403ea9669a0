package cn.pzh.eligibility.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from the machine's own binaries (Debian's {@code postgresql} package, installed by
 * {@code scripts/install-test-deps}): a fresh cluster under {@code baseDir} (under the system's temporary directory
 * when the server's user cannot reach {@code baseDir}), on a free port of 127.0.0.1, trust
 * authentication, stopped and deleted by {@link #close}. For tests and benchmarks that must run on a real server
 * without anyone setting one up. Under root, the server runs as the {@code postgres} user (PostgreSQL refuses root).
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "eligibility";

    private final Path base;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;
    private int databases;

    private LocalPostgres(Path base, Path bin, int port, boolean asPostgresUser) {
        this.base = base;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** True when PostgreSQL server binaries are on this machine. */
    public static boolean available() {
        return findBin() != null;
    }

    public static LocalPostgres start(Path baseDir) {
        return start(baseDir, 0);
    }

    /** {@code port} 0: any free port. */
    public static LocalPostgres start(Path baseDir, int fixedPort) {
        Path bin = findBin();
        if (bin == null) {
            throw new IllegalStateException("no PostgreSQL binaries (initdb) under /usr/lib/postgresql/*/bin or"
                    + " $PG_BIN: run scripts/install-test-deps");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Files.createDirectories(baseDir);
            Path parent = baseDir.toAbsolutePath();
            if (root && !reachableByPostgres(parent)) {
                // A checkout under a private directory (`mktemp -d` makes them 0700): the server's user cannot get
                // to baseDir, so its cluster goes under the system's temporary directory instead.
                parent = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            }
            Path base = Files.createTempDirectory(parent, "pg-");
            if (root) {
                UserPrincipal pg = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(base, pg);
            }
            int port = fixedPort;
            if (port == 0) {
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
            }
            LocalPostgres p = new LocalPostgres(base, bin, port, root);
            p.run(List.of(bin.resolve("initdb").toString(), "-D", base.resolve("data").toString(), "-U", USER,
                    "--auth=trust", "-E", "UTF8", "--no-locale", "-N"));
            p.run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-l",
                    base.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -k '' -c fsync=off -c synchronous_commit=off"
                            + " -c full_page_writes=off", "start"));
            Runtime.getRuntime().addShutdownHook(new Thread(p::stopQuietly));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Whether the {@code postgres} user may enter {@code dir} (every directory above it searchable). */
    static boolean reachableByPostgres(Path dir) {
        try {
            Process p = new ProcessBuilder("runuser", "-u", "postgres", "--", "test", "-x", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new empty database; its JDBC URL (user {@link #USER}, no password). */
    public synchronized String createDatabase(String prefix) {
        String name = prefix + "_" + (++databases);
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    @Override
    public void close() {
        stopQuietly();
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left in target/, removed by the next clean
        }
    }

    private void stopQuietly() {
        if (!Files.exists(base.resolve("data").resolve("postmaster.pid"))) {
            return;
        }
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"));
        } catch (RuntimeException e) {
            // already gone
        }
    }

    private void run(List<String> command) {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(base.resolve("commands.log").toFile().exists()
                            ? ProcessBuilder.Redirect.appendTo(base.resolve("commands.log").toFile())
                            : ProcessBuilder.Redirect.to(base.resolve("commands.log").toFile()))
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                String log = Files.readString(base.resolve("commands.log"));
                throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", command)
                        + "\n" + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path findBin() {
        String env = System.getenv("PG_BIN");
        if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
            return Path.of(env);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.resolve("bin")).filter(p -> Files.isExecutable(p.resolve("initdb")))
                    .max(Comparator.comparing(p -> {
                        String v = p.getParent().getFileName().toString();
                        return v.matches("\\d+") ? Integer.parseInt(v) : 0;
                    })).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
