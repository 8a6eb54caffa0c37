package dev.wingman.platform.internal;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;

import java.lang.reflect.Type;

/**
 * JSON-B deserializers that take a JSON value only of the field's own type. Yasson by default
 * turns {@code 12345} into the string "12345" and {@code "maybe"} into {@code false}, so a client
 * sending the wrong type got a 2xx and stored something it did not mean (found by the bad-input
 * sweep); with these the body is refused with 400.
 */
final class StrictScalars {
    private StrictScalars() {
    }

    static JsonbDeserializer<?>[] all() {
        return new JsonbDeserializer<?>[]{new Text(), new Flag(), new WholeNumber(), new LongNumber()};
    }

    private static JsonbException wrongType(String what, JsonValue found) {
        String kind = switch (found.getValueType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
        };
        return new JsonbException("expected " + what + " but found " + kind);
    }

    private static JsonNumber wholeNumber(JsonValue found) {
        if (found instanceof JsonNumber number && number.isIntegral()) {
            return number;
        }
        throw wrongType("a whole number", found);
    }

    static final class Text implements JsonbDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            JsonValue found = parser.getValue();
            if (found instanceof JsonString text) {
                return text.getString();
            }
            throw wrongType("a string", found);
        }
    }

    static final class Flag implements JsonbDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            JsonValue found = parser.getValue();
            if (found == JsonValue.TRUE || found == JsonValue.FALSE) {
                return found == JsonValue.TRUE;
            }
            throw wrongType("true or false", found);
        }
    }

    /** A whole number that fits the target type exactly. */
    private static <T> T whole(JsonParser parser, java.util.function.Function<java.math.BigDecimal, T> exact) {
        JsonNumber number = wholeNumber(parser.getValue());
        try {
            return exact.apply(number.bigDecimalValue());
        } catch (ArithmeticException e) {
            throw new JsonbException("the number is out of range");
        }
    }

    static final class WholeNumber implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            return whole(parser, java.math.BigDecimal::intValueExact);
        }
    }

    static final class LongNumber implements JsonbDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            return whole(parser, java.math.BigDecimal::longValueExact);
        }
    }
}
