package dev.wingman.testkit.internal.wings;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** How Go Wings reads request bodies and answers: JSON, and {@code {"error": ...}} with its messages. */
final class Answers {
    static final Pattern UUID_V4 = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    static final String NOT_FOUND = "The requested resource does not exist on this instance.";
    static final String UNEXPECTED = "An unexpected error was encountered while processing this request";
    static final String NO_AUTHORIZATION = "The required authorization heads were not present in the request.";
    private static final String UNPARSABLE = "The data passed in the request was not in a parsable format. Please try again.";

    private Answers() {
    }

    /** A JSON object; throws {@link JsonException} (or {@link ClassCastException}) when the text is not one. */
    static JsonObject read(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** The request's JSON object body, or null after answering 400 when there is none or it does not parse. */
    static JsonObject body(ServerRequest req, ServerResponse res) {
        String text = req.content().hasEntity() ? req.content().as(String.class) : "";
        if (text.isBlank()) {
            error(res, 400, UNPARSABLE);
            return null;
        }
        try {
            return read(text);
        } catch (JsonException | ClassCastException e) {
            error(res, 400, UNPARSABLE);
            return null;
        }
    }

    static void error(ServerResponse res, int status, String message) {
        json(res, status, Json.createObjectBuilder().add("error", message).build());
    }

    static void json(ServerResponse res, int status, JsonValue body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
