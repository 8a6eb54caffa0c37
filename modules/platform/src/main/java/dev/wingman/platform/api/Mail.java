package dev.wingman.platform.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One message for {@link Mailer}: a recipient, a subject, a plain-text body, attachments and a few
 * threading headers. Checked when made, so a message that could not be sent (a header broken by a
 * line break, an address that is not one, a body beyond the limits) is refused in the caller's
 * request rather than failing later in the outbox.
 *
 * @param to          one address ({@code someone@example.com})
 * @param subject     one line, at most {@value #MAX_SUBJECT} characters
 * @param text        the plain-text body, at most {@value #MAX_TEXT} characters
 * @param attachments files attached, at most {@value #MAX_ATTACHMENT_BYTES} bytes together
 * @param headers     only {@link #HEADERS} (threading for tickets, a reply address)
 */
public record Mail(String to, String subject, String text, List<Attachment> attachments, Map<String, String> headers) {
    public static final int MAX_SUBJECT = 998;
    public static final int MAX_TEXT = 1 << 20;
    public static final int MAX_ATTACHMENT_BYTES = 10 << 20;
    /** The headers a module may set; the outbox sets From, To, Subject, Date and Message-ID itself. */
    public static final Set<String> HEADERS = Set.of("Reply-To", "In-Reply-To", "References");

    /** A file attached to a message. */
    public record Attachment(String fileName, String contentType, byte[] content) {
        public Attachment {
            oneLine("fileName", fileName, 255);
            oneLine("contentType", contentType, 255);
            if (content == null) {
                throw new IllegalArgumentException("An attachment needs its content.");
            }
        }
    }

    public Mail {
        oneLine("to", to, 254);
        int at = to.lastIndexOf('@');
        if (at <= 0 || at == to.length() - 1 || to.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == ',')) {
            throw new IllegalArgumentException("The recipient is not one e-mail address.");
        }
        oneLine("subject", subject, MAX_SUBJECT);
        if (text == null || text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("The body is required and may be at most " + MAX_TEXT + " characters.");
        }
        attachments = List.copyOf(attachments == null ? List.of() : attachments);
        long bytes = attachments.stream().mapToLong(a -> a.content().length).sum();
        if (bytes > MAX_ATTACHMENT_BYTES) {
            throw new IllegalArgumentException("Attachments may be at most " + MAX_ATTACHMENT_BYTES + " bytes together.");
        }
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        headers.forEach((name, value) -> {
            if (!HEADERS.contains(name)) {
                throw new IllegalArgumentException("The header " + name + " may not be set; only " + HEADERS);
            }
            oneLine(name, value, 998);
        });
    }

    /** A message without attachments or headers. */
    public static Mail of(String to, String subject, String text) {
        return new Mail(to, subject, text, List.of(), Map.of());
    }

    /** This message with {@code attachment} added. */
    public Mail attach(Attachment attachment) {
        List<Attachment> more = new ArrayList<>(attachments);
        more.add(attachment);
        return new Mail(to, subject, text, more, headers);
    }

    /** This message with header {@code name} (one of {@link #HEADERS}) set. */
    public Mail header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Mail(to, subject, text, attachments, more);
    }

    /** Header values are one line: a CR or LF would let a value add headers of its own. */
    private static void oneLine(String name, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The mail's " + name + " is required.");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException("The mail's " + name + " may be at most " + max + " characters.");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("The mail's " + name + " may not contain line breaks.");
        }
    }
}
