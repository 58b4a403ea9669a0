package cn.pzh.eligibility.store;

import cn.pzh.eligibility.evaluation.Ruleset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every ruleset the service or the command line loaded, by version: each file stored once by its SHA-256, and a
 * version as its list of paths. A version comes back as a directory the engine's loader reads again, and the
 * version it computes from those files must be the archived one, or nothing is returned.
 */
public final class RulesetArchive {

    private final Store store;
    private final Map<String, Ruleset> loaded = new ConcurrentHashMap<>();
    /** Versions known to be archived: the archive only grows, so a version once seen there stays. */
    private final java.util.Set<String> known = ConcurrentHashMap.newKeySet();

    RulesetArchive(Store store) {
        this.store = store;
    }

    /** Archives the files a loaded ruleset was built from; true when the version was new to the archive. */
    public boolean archive(Ruleset ruleset, String source) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String f : ruleset.files()) {
            try {
                files.put(f, Files.readAllBytes(ruleset.directory().resolve(f)));
            } catch (IOException e) {
                throw new StoreException("cannot archive ruleset " + ruleset.version() + ": " + e.getMessage(), e);
            }
        }
        String computed = version(files);
        if (!computed.equals(ruleset.version())) {
            throw new StoreException("cannot archive ruleset " + ruleset.version() + ": its files in "
                    + ruleset.directory() + " changed after it was loaded (they are now version " + computed + ")");
        }
        return store.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM ruleset_version WHERE version = ?")) {
                s.setString(1, ruleset.version());
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ruleset_version (version, archived_at, source)"
                    + " VALUES (?, ?, ?)")) {
                s.setString(1, ruleset.version());
                s.setTimestamp(2, Timestamp.from(HouseholdRegister.now()));
                s.setString(3, source.length() > 200 ? source.substring(0, 200) : source);
                s.executeUpdate();
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                String sha = sha256(f.getValue());
                boolean present;
                try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM ruleset_blob WHERE sha256 = ?")) {
                    s.setString(1, sha);
                    try (ResultSet r = s.executeQuery()) {
                        present = r.next();
                    }
                }
                if (!present) {
                    try (PreparedStatement s = c.prepareStatement(
                            "INSERT INTO ruleset_blob (sha256, content) VALUES (?, ?)")) {
                        s.setString(1, sha);
                        s.setBytes(2, f.getValue());
                        s.executeUpdate();
                    }
                }
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO ruleset_file (version, path, sha256) VALUES (?, ?, ?)")) {
                    s.setString(1, ruleset.version());
                    s.setString(2, f.getKey());
                    s.setString(3, sha);
                    s.executeUpdate();
                }
            }
            return true;
        });
    }

    public boolean contains(String version) {
        if (known.contains(version)) {
            return true;
        }
        boolean found = store.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM ruleset_version WHERE version = ?")) {
                s.setString(1, version);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
        if (found) {
            known.add(version);
        }
        return found;
    }

    /** Archived versions, newest first. */
    public List<String> versions() {
        return store.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT version FROM ruleset_version ORDER BY archived_at DESC, version")) {
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Writes the files of {@code version} under {@code dir} (created, must be empty or absent). */
    public void materialise(String version, Path dir) {
        Map<String, byte[]> files = files(version);
        if (files.isEmpty()) {
            throw new NotFoundException("ruleset version " + version + " is not in the archive",
                    "规则集版本 " + version + " 未存档");
        }
        if (!version(files).equals(version)) {
            throw new StoreException("the archived files of ruleset " + version + " do not hash to that version");
        }
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir.normalize())) {
                    throw new StoreException("archived path outside the ruleset: " + f.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ruleset " + version + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The archived version loaded by the engine, materialised under {@code workDir}; kept loaded for later calls
     * (a ruleset is an immutable value, so sharing it is safe).
     */
    public Ruleset load(String version, Path workDir) {
        Ruleset cached = loaded.get(version);
        if (cached != null) {
            return cached;
        }
        synchronized (this) {
            cached = loaded.get(version);
            if (cached != null) {
                return cached;
            }
            Path dir = workDir.resolve(version);
            try {
                if (Files.exists(dir)) {
                    deleteTree(dir);
                }
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            materialise(version, dir);
            Ruleset rs = Ruleset.load(dir);
            if (!rs.version().equals(version)) {
                throw new StoreException("ruleset " + version + " loaded again as version " + rs.version());
            }
            if (loaded.size() >= 8) {
                loaded.clear(); // about 15 MB each; a replay of an old version is rare
            }
            loaded.put(version, rs);
            return rs;
        }
    }

    private Map<String, byte[]> files(String version) {
        return store.read(c -> {
            Map<String, byte[]> out = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT f.path, b.content FROM ruleset_file f JOIN ruleset_blob b"
                    + " ON b.sha256 = f.sha256 WHERE f.version = ? ORDER BY f.path")) {
                s.setString(1, version);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), r.getBytes(2));
                    }
                }
            }
            return out;
        });
    }

    /** The engine's version formula (RulesetLoader): path, NUL, content, NUL for each file in path order. */
    static String version(Map<String, byte[]> files) {
        MessageDigest d = digest();
        files.keySet().stream().sorted().forEach(f -> {
            d.update(f.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(files.get(f));
            d.update((byte) 0);
        });
        return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    Optional<Ruleset> cached(String version) {
        return Optional.ofNullable(loaded.get(version));
    }
}
