package dev.wingman.platform.internal;

import dev.wingman.platform.api.IdentifiedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A message in the mail outbox ({@link MailOutbox}): queued with the change it tells about, then
 * {@link #sent} or, after each refused try, {@link #failedTry} until it gives up.
 */
@Entity
@Table(name = "mail_outbox")
public class OutboxMail extends IdentifiedEntity {
    /** Longest error kept from an SMTP refusal. */
    private static final int MAX_ERROR = 1000;
    /** Longest wait between two tries, however many came before. */
    static final Duration LONGEST_WAIT = Duration.ofHours(1);

    @Column(nullable = false)
    String recipient;
    @Column(nullable = false)
    String subject;
    @Column(name = "body_sealed", nullable = false)
    String bodySealed;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    Map<String, String> headers;
    @Convert(converter = MailState.Column.class)
    @Column(nullable = false)
    MailState state;
    @Column(nullable = false)
    int attempts;
    @Column(name = "next_attempt_at", nullable = false)
    Instant nextAttemptAt;
    @Column(name = "last_error")
    String lastError;
    @Column(name = "sent_at")
    Instant sentAt;

    protected OutboxMail() {
    }

    OutboxMail(String recipient, String subject, String bodySealed, Map<String, String> headers, Instant now) {
        this.recipient = recipient;
        this.subject = subject;
        this.bodySealed = bodySealed;
        this.headers = headers;
        this.state = MailState.QUEUED;
        this.nextAttemptAt = now;
    }

    /** Delivered: kept (without retries) until the purge after {@code wingman.mail.keep-sent}. */
    void sent(Instant now) {
        if (state != MailState.QUEUED) {
            return;
        }
        state = MailState.SENT;
        sentAt = now;
        attempts++;
        lastError = null;
    }

    /**
     * A try that the SMTP server refused (or that could not reach it): tried again after
     * {@code firstWait}, doubled for each try before (at most {@link #LONGEST_WAIT}), or, after
     * {@code maxAttempts} tries, failed for good (shown to administrators).
     */
    void failedTry(String error, Instant now, int maxAttempts, Duration firstWait) {
        if (state != MailState.QUEUED) {
            return;
        }
        attempts++;
        lastError = error == null ? "unknown" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        if (attempts >= maxAttempts) {
            state = MailState.FAILED;
            return;
        }
        Duration wait = firstWait.multipliedBy(1L << Math.min(attempts - 1, 20));
        nextAttemptAt = now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
    }
}
