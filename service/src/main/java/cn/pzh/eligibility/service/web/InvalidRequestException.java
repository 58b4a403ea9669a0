package cn.pzh.eligibility.service.web;

import cn.pzh.eligibility.input.FieldError;
import java.util.List;

/** A request the service refuses as a whole (not one household's data): 400 with the same error list. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidRequestException(FieldError error) {
        super(error.toString());
        this.errors = List.of(error);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
