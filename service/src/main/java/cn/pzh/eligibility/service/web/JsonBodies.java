package cn.pzh.eligibility.service.web;

import cn.pzh.eligibility.input.FieldError;
import cn.pzh.eligibility.input.HouseholdReader;
import cn.pzh.eligibility.input.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads a request body as a JSON tree with the engine's own mapper. Spring's data binding is not used: it would
 * default absent fields and lose the paths the engine's reader reports field by field.
 *
 * <p>The bytes must be UTF-8 exactly as RFC 3629 has it, and every string a sequence of real characters: Jackson on
 * its own decodes an overlong {@code C0 AF} as "/", a code point above U+10FFFF as two surrogates, and takes
 * {@code \ud800} or {@code \u0000} as they come — an identifier then comes back changed or carries a character no
 * register can store. Each is refused with the path of the field that holds it.
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
            throw new BodyUnreadableException(e);
        }
        if (bytes.length > limit) {
            throw new BodyTooLargeException(limit);
        }
        if (isBlank(bytes)) {
            throw new InvalidRequestException(new FieldError("$", "the request body is empty; expected JSON",
                    "请求内容为空，应提交 JSON"));
        }
        int bad = firstInvalidUtf8(bytes);
        if (bad >= 0) {
            throw new InvalidRequestException(new FieldError(pathAt(bytes, bad),
                    "is not valid UTF-8 (byte " + bad + " of the body)",
                    "含有无效的 UTF-8 字节（请求内容第 " + bad + " 字节处）"));
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidRequestException(HouseholdReader.syntaxError(e));
        }
        FieldError bad2 = badCharacters(tree, "");
        if (bad2 != null) {
            throw new InvalidRequestException(bad2);
        }
        return tree;
    }

    /** The offset of the first byte that is not strict UTF-8, or -1. */
    static int firstInvalidUtf8(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                r = d.flush(out);
                return r.isError() ? in.position() : -1;
            }
            out.clear();
        }
    }

    /** The field whose string (or name) holds byte {@code offset}; "$" when the JSON cannot tell. */
    private static String pathAt(byte[] bytes, int offset) {
        try (JsonParser p = Json.MAPPER.createParser(bytes)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                long start = p.currentTokenLocation().getByteOffset();
                if (start > offset) {
                    break;
                }
                if (t == JsonToken.VALUE_STRING || t == JsonToken.PROPERTY_NAME) {
                    try {
                        p.getString();
                    } catch (JacksonException e) {
                        return path(p.streamReadContext().pathAsPointer().toString(), t == JsonToken.PROPERTY_NAME);
                    }
                    long end = p.currentLocation().getByteOffset();
                    if (offset < end) {
                        return path(p.streamReadContext().pathAsPointer().toString(), t == JsonToken.PROPERTY_NAME);
                    }
                }
            }
        } catch (JacksonException | IllegalStateException e) {
            // Not JSON around there either: the whole body is the best name.
        }
        return "$";
    }

    /** A JSON Pointer as the engine writes paths: {@code /members/0/memberId} → {@code members[0].memberId}. */
    private static String path(String pointer, boolean name) {
        if (pointer.isEmpty()) {
            return "$";
        }
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String s = part.replace("~1", "/").replace("~0", "~");
            if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(s).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(s.length() > 60 ? s.substring(0, 60) + "…" : s);
            }
        }
        return name ? sb + " (the field name)" : sb.toString();
    }

    /** The first string (or field name) with a lone surrogate or a control character, as a field error. */
    private static FieldError badCharacters(JsonNode node, String at) {
        if (node.isString()) {
            return check(node.stringValue(), at.isEmpty() ? "$" : at);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                FieldError e = badCharacters(node.get(i), at + "[" + i + "]");
                if (e != null) {
                    return e;
                }
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                String p = at.isEmpty() ? f.getKey() : at + "." + f.getKey();
                FieldError e = check(f.getKey(), Problems.cut(p, 80) + " (the field name)");
                if (e == null) {
                    e = badCharacters(f.getValue(), p);
                }
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    private static FieldError check(String s, String path) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return new FieldError(path, "has a lone surrogate (\\u" + Integer.toHexString(c) + ") at character " + i
                        + ": not a real character", "含有无效字符（孤立的代理码元 \\u" + Integer.toHexString(c) + "）");
            } else if (c < 0x20 || c == 0x7f) {
                return new FieldError(path, "has the control character \\u" + String.format("%04x", (int) c)
                        + " at character " + i, "含有控制字符 \\u" + String.format("%04x", (int) c));
            }
        }
        return null;
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
