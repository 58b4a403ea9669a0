package cn.pzh.eligibility.store;

import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/** The repository's rules and the data contract's register example, seen from the store module. */
final class Fixtures {

    static final Path RULES = Path.of("..", "rules");
    static final Path REGISTER_EXAMPLE = Path.of("..", "..", "shared", "spec", "household.register.example.json");

    private Fixtures() {
    }

    static ObjectNode example() {
        try {
            return (ObjectNode) Json.MAPPER.readTree(Files.readString(REGISTER_EXAMPLE, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the register example " + REGISTER_EXAMPLE.toAbsolutePath()
                    + " is missing: tests need shared/ beside the repository", e);
        }
    }

    /** The example as another household: new id, new identity numbers (valid check digits), same facts. */
    static ObjectNode another(String householdId, int serial) {
        ObjectNode h = example();
        h.put("householdId", householdId);
        for (var m : h.withArray("members")) {
            String birth = m.get("birthDate").stringValue().replace("-", "");
            String first17 = "510411" + birth + String.format("%03d", serial % 1000);
            ((ObjectNode) m).put("idNumber", first17 + IdNumbers.checkCharacter(first17));
            ((ObjectNode) m).put("name", "测试" + serial + m.get("memberId").stringValue());
        }
        return h;
    }

    static Path copyRules(Path into) {
        try (Stream<Path> s = Files.walk(RULES)) {
            for (Path p : s.toList()) {
                Path target = into.resolve(RULES.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rural standard gets a new value from 2025-01-01: 470 instead of 440 (as the service's tests do). */
    static void raiseRuralStandardFrom2025(Path rules) {
        try {
            Path f = rules.resolve("parameters/dibao.yaml");
            String text = Files.readString(f);
            String old = """
                        - from: 2021-12-01
                          value: 440
                          reference: 攀枝花市城乡低保标准（2022年公布）
                    """;
            if (!text.contains(old)) {
                throw new IllegalStateException("dibao.yaml changed: the test's edit no longer applies");
            }
            Files.writeString(f, text.replace(old, old + """
                        - from: 2025-01-01
                          value: 470
                          reference: 测试用调整（自动化测试）
                    """));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
