package io.kpool.core.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A record value kept in a dead letter: as text when it is valid UTF-8, else as Base64.
 *
 * @param text     the value, or null for a null value
 * @param encoding {@code utf8}, {@code base64}, or null for a null value
 */
public record RawValue(String text, String encoding) {

    public static final String UTF8 = "utf8";
    public static final String BASE64 = "base64";

    /** Keeps the bytes so that nothing is lost. */
    public static RawValue of(byte[] value) {
        if (value == null) {
            return new RawValue(null, null);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
            return new RawValue(text, UTF8);
        } catch (CharacterCodingException e) {
            return new RawValue(Base64.getEncoder().encodeToString(value), BASE64);
        }
    }
}
