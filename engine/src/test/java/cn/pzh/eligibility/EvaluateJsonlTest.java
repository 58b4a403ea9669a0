package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.cli.Main;
import cn.pzh.eligibility.input.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** {@code evaluate --jsonl} goes through the batch's pipeline: strict UTF-8, input order, every line accounted for. */
class EvaluateJsonlTest {

    @Test
    void aLineThatIsNotUtf8IsRefusedByItsNumberAndTheOthersAreEvaluatedInOrder() throws Exception {
        String one = Json.MAPPER.readTree(Files.readString(Paths.EXAMPLE)).toString();
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(one.replace("\"householdId\":\"", "\"householdId\":\"A-").getBytes(StandardCharsets.UTF_8));
        in.write('\n');
        // an overlong form of '/': before, it was decoded to U+FFFD and the household evaluated under a changed id
        byte[] bad = one.replace("\"householdId\":\"", "\"householdId\":\"B-@@").getBytes(StandardCharsets.UTF_8);
        String badText = new String(bad, StandardCharsets.ISO_8859_1).replace("@@", "\u00C0\u00AF");
        in.writeBytes(badText.getBytes(StandardCharsets.ISO_8859_1));
        in.write('\n');
        in.write('\n'); // a blank line: skipped, not counted
        in.writeBytes(one.replace("\"householdId\":\"", "\"householdId\":\"C-").getBytes(StandardCharsets.UTF_8));
        in.write('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new ByteArrayInputStream(in.toByteArray()), out, err, "evaluate", "--rules",
                Paths.RULES.toString(), "--as-of", "2019-10-01", "--jsonl");
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        String[] lines = stdout.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(Json.MAPPER.readTree(lines[0]).get("householdId").asString()).startsWith("A-");
        assertThat(Json.MAPPER.readTree(lines[1]).get("householdId").asString()).startsWith("C-");
        assertThat(stdout).doesNotContain("\uFFFD");
        assertThat(stderr).contains("line 2: ").contains("UTF-8").doesNotContain("line 1: ").doesNotContain("line 4: ")
                .contains("3 lines read, 2 determinations written, 1 errors");
    }
}
