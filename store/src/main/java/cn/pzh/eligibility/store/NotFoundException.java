package cn.pzh.eligibility.store;

/** No such household, record or archived ruleset; the message is safe to show (ids only). */
public class NotFoundException extends RuntimeException {

    private final String messageZh;

    public NotFoundException(String message, String messageZh) {
        super(message);
        this.messageZh = messageZh;
    }

    public String messageZh() {
        return messageZh;
    }
}
