package dev.wingman.platform.api;

/**
 * Sends mail through the platform's transactional outbox: {@link #send} writes the message in the
 * caller's transaction (or one of its own when there is none), and it is delivered over SMTP after
 * that transaction has committed, retried with back-off while the SMTP server refuses or is away.
 * So a committed change always gets its mail and a rolled-back one never does. Delivery is at least
 * once: every try carries the same {@code Message-ID}, by which receivers can drop a repeat.
 *
 * <p>Without {@code wingman.mail.smtp.host} mail is kept in the outbox, unsent, until one is set.
 */
public interface Mailer {
    /** Queues {@code mail}; answers its outbox id (also the local part of its Message-ID). */
    String send(Mail mail);
}
