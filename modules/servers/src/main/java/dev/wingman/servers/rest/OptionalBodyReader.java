package dev.wingman.servers.rest;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;

/** Reads an empty body of an {@link OptionalBody} operation as the empty JSON object. */
@Provider
@OptionalBody
@Priority(Priorities.ENTITY_CODER)
@ApplicationScoped
public class OptionalBodyReader implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        PushbackInputStream in = new PushbackInputStream(context.getInputStream(), 1);
        int first = in.read();
        if (first < 0) {
            context.setInputStream(new ByteArrayInputStream("{}".getBytes(StandardCharsets.US_ASCII)));
        } else {
            in.unread(first);
            context.setInputStream(in);
        }
        return context.proceed();
    }
}
