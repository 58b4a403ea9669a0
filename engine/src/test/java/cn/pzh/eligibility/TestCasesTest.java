package cn.pzh.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import cn.pzh.eligibility.evaluation.Ruleset;
import cn.pzh.eligibility.testcases.TestCaseRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every test-case file of the repository, each as its own test, against the repository's rules. */
class TestCasesTest {

    private static Ruleset ruleset;

    @BeforeAll
    static void load() {
        ruleset = Ruleset.load(Paths.RULES);
    }

    @TestFactory
    Stream<DynamicTest> everyTestCase() {
        List<Path> files = TestCaseRunner.find(Paths.TEST_CASES);
        assertThat(files).as("test-cases found").hasSizeGreaterThan(50);
        return files.stream().map(f -> DynamicTest.dynamicTest(Paths.TEST_CASES.relativize(f).toString(), f.toUri(), () -> {
            TestCaseRunner.Result r = TestCaseRunner.run(ruleset, f, f.toString());
            assertThat(r.failures()).as(r.file() + "（" + r.name() + "）").isEmpty();
        }));
    }
}
