package cn.pzh.eligibility.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on text that holds personal data (a page, a printed notice): a failure says what was missing or found,
 * with names and identity numbers masked, so no surefire report or console log ever carries them.
 */
final class Pii {

    private static final Pattern ID_NUMBER = Pattern.compile("(\\d{6})\\d{8}(\\d{3}[\\dXx])");

    /** Every name the page tests give a person (PageHouseholds and the spec's register example). */
    static final Set<String> NAMES = Set.of("测试户主甲", "测试成员乙", "测试成员丙", "键盘户主丁", "键盘成员戊", "键盘成员己",
            "王德明", "王秀英", "王小军");

    private Pii() {
    }

    /** Identity numbers as the register lists them (510411********1311), names as ＊＊. */
    static String mask(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ID_NUMBER.matcher(text);
        String out = m.replaceAll("$1********$2");
        for (String name : NAMES) {
            out = out.replace(name, "＊＊");
        }
        return out;
    }

    static void assertContains(String what, String actual, String... expected) {
        List<String> missing = new ArrayList<>();
        for (String e : expected) {
            if (actual == null || !actual.contains(e)) {
                missing.add(e);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionFailedError(what + ": missing " + mask(String.join(" | ", missing)) + " in: "
                    + mask(actual));
        }
    }

    static void assertNotContains(String what, String actual, String unexpected) {
        if (actual != null && actual.contains(unexpected)) {
            throw new AssertionFailedError(what + ": shows " + mask(unexpected) + " (it must not) in: " + mask(actual));
        }
    }

    static void assertEquals(String what, String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new AssertionFailedError(what + ": expected " + mask(expected) + " but was " + mask(actual));
        }
    }
}
