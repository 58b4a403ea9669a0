package cn.pzh.eligibility.store;

import java.util.regex.Pattern;

/** 公民身份号码 (GB 11643-1999): 17 digits and a check character. */
public final class IdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final Pattern SHAPE = Pattern.compile("\\d{17}[\\dX]");
    private static final Pattern LAST4 = Pattern.compile("\\d{3}[\\dX]");

    private IdNumbers() {
    }

    public static boolean wellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }

    /** The check character for the first 17 digits. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    public static boolean checkDigitValid(String id) {
        return wellFormed(id) && checkCharacter(id.substring(0, 17)) == id.charAt(17);
    }

    /** Characters 7–14 as YYYY-MM-DD. */
    public static String birthDate(String id) {
        return id.substring(6, 10) + "-" + id.substring(10, 12) + "-" + id.substring(12, 14);
    }

    /** The first six and the last four shown, the birth date hidden: {@code 510411********1311}. */
    public static String mask(String id) {
        if (id == null) {
            return null;
        }
        if (id.length() != 18) {
            return "*".repeat(id.length());
        }
        return id.substring(0, 6) + "********" + id.substring(14);
    }

    public static boolean isLast4(String s) {
        return s != null && LAST4.matcher(s).matches();
    }
}
