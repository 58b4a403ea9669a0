package cn.pzh.eligibility.service.web;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a request body as a JSON tree with the engine's own mapper. Spring's data binding is not used: it would
 * default absent fields and lose the paths the engine's reader reports field by field.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static JsonNode read(InputStream in, long limit) {
        byte[] bytes;
        try {
            // One byte past the limit tells "exactly at the limit" from "too large" without reading the rest.
            bytes = in.readNBytes(Math.toIntExact(limit + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > limit) {
            throw new BodyTooLargeException(limit);
        }
        if (isBlank(bytes)) {
            throw new InvalidRequestException(new FieldError("$", "the request body is empty; expected JSON",
                    "请求内容为空，应提交 JSON"));
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidRequestException(HouseholdReader.syntaxError(e));
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
