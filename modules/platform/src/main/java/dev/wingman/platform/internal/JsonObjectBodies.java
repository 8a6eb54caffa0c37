package dev.wingman.platform.internal;

import dev.wingman.platform.api.ApiException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;

/**
 * An operation that takes a {@link JsonObject} body refuses any other JSON (an array, a string)
 * with 400. JSON-P reads whatever structure arrives, and Jersey's reflective call would then fail
 * outside the exception mappers, answering a plain-text 500 (found by the bad-input sweep).
 */
@Provider
@Priority(Priorities.ENTITY_CODER + 10)
@ApplicationScoped
public class JsonObjectBodies implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        if (context.getType() == JsonObject.class && body != null && !(body instanceof JsonObject)) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        return body;
    }
}
