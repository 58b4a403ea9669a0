package cn.pzh.eligibility.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.pzh.eligibility.params.Problem;
import cn.pzh.eligibility.rules.Wording;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filling a template: slots by name in any order, values of each kind, templates inside templates, lists. */
class WordsTest {

    private static Wording wording(Path dir, String templates) throws IOException {
        // The engine's own templates must be there for the file to be whole; these tests add their own beside them.
        String engine = """
                explanation:
                  text: "{事实}。计算：{计算}{单位}。{所用参数}依据：{依据}（条款 {条款}）。"
                explanation-parameters:
                  text: "所用参数：{参数}。"
                unit-monthly:
                  text: "/月"
                unit-annual:
                  text: "/年"
                unit-one-off:
                  text: "（一次性）"
                advisory:
                  text: "{提示}（依据：{依据}，条款 {条款}）"
                amount-zero:
                  text: "{事实}；但核定金额为 {金额}，金额为零不予发放"
                amount-zero-item:
                  text: "{费用}：{理由}"
                """;
        Path f = dir.resolve("wording.yaml");
        Files.writeString(f, engine + templates, StandardCharsets.UTF_8);
        List<Problem> problems = new ArrayList<>();
        Wording w = Wording.read(f, "wording.yaml", problems);
        assertThat(problems).isEmpty();
        return w;
    }

    @Test
    void slotsAreFilledByNameWhereverTheTemplatePutsThem(@TempDir Path dir) throws IOException {
        Wording w = wording(dir, """
                a:
                  text: "{乙}在前，{甲}在后，{乙}再说一次"
                """);
        assertThat(Words.of("a").with("甲", "一").with("乙", "二").fill(w)).isEqualTo("二在前，一在后，二再说一次");
    }

    @Test
    void valuesOfEachKindAreWrittenAsASentenceSaysThem(@TempDir Path dir) throws IOException {
        Wording w = wording(dir, """
                a:
                  text: "{金额}；{日期}；{年份} 年；{另一句}{可选}。"
                b:
                  text: "另有{内容}"
                """);
        Calc sum = Calc.yuan(new BigDecimal("1000")).dividedBy(Calc.count(3, "人"));
        String s = Words.of("a").with("金额", sum).with("日期", LocalDate.of(2019, 10, 1)).with("年份", 2019)
                .with("另一句", Words.of("b").with("内容", "一句")).with("可选", Words.NONE).fill(w);
        assertThat(s).isEqualTo("1,000 元 ÷ 3 人 = 333.33 元；2019-10-01；2019 年；另有一句。");
    }

    @Test
    void listsAndSequencesAreSaidInOrder(@TempDir Path dir) throws IOException {
        Wording w = wording(dir, """
                item:
                  text: "第{n}项"
                """);
        Words list = Words.join("、", List.of(Words.of("item").with("n", "一"), "中间", Words.of("item").with("n", "三")));
        assertThat(list.fill(w)).isEqualTo("第一项、中间、第三项");
        Words seq = Words.NONE.and(Words.of("item").with("n", "一")).and(Words.of("item").with("n", "二"));
        assertThat(seq.fill(w)).isEqualTo("第一项第二项");
        assertThat(Words.NONE.isEmpty()).isTrue();
        assertThat(seq.isEmpty()).isFalse();
    }

    @Test
    void aTemplateOrSlotTheWordingLacksIsNamed(@TempDir Path dir) throws IOException {
        Wording w = wording(dir, """
                a:
                  text: "{甲}"
                """);
        assertThatThrownBy(() -> Words.of("nope").fill(w)).isInstanceOf(Words.Unfilled.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> Words.of("a").with("乙", "x").fill(w)).isInstanceOf(Words.Unfilled.class)
                .hasMessageContaining("{甲}");
        assertThatThrownBy(() -> Words.of("a").with("甲", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Words.NONE");
    }
}
