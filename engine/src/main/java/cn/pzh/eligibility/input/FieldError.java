package cn.pzh.eligibility.input;

/**
 * One thing wrong with the input: where ({@code members[1].disability.grade}) and what, in English and Chinese.
 */
public record FieldError(String path, String message, String messageZh) {

    @Override
    public String toString() {
        return path + ": " + message + "（" + messageZh + "）";
    }
}
