package dev.wingman.platform.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.DueRows;
import dev.wingman.platform.api.Mail;
import dev.wingman.platform.api.Mailer;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mail outbox's rows: {@link #send} queues a message in the caller's transaction; the delivery
 * job ({@link MailDelivery}) claims due messages, sends them outside any transaction and records how
 * each went. Bodies are sealed with the secrets key and opened only to be sent.
 */
@ApplicationScoped
public class MailOutbox implements Mailer {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    SecretBox box;

    /** A claimed message, opened, ready to go out. */
    record Outgoing(String id, String to, String subject, String text, Map<String, String> headers,
                    List<Mail.Attachment> attachments) {
    }

    /** A message as administrators see it: never its body. */
    public record Summary(String id, String to, String subject, String state, int attempts, String lastError,
                          Instant createdAt, Instant nextAttemptAt, Instant sentAt) {
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public String send(Mail mail) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        OutboxMail row = new OutboxMail(mail.to(), mail.subject(), box.seal(mail.text()),
                new LinkedHashMap<>(mail.headers()), now);
        em.persist(row);
        if (!mail.attachments().isEmpty()) {
            // the message's row first: attachments refer to it, and the two are not mapped as related
            em.flush();
            int position = 0;
            for (Mail.Attachment file : mail.attachments()) {
                em.persist(new OutboxAttachment(row.id, position++, file.fileName(), file.contentType(), file.content()));
            }
        }
        return row.id;
    }

    /**
     * Up to {@code limit} queued messages whose try is due, each held for {@code lease} (a claim lost
     * with its instance is tried again after it), opened.
     */
    @Transactional
    List<Outgoing> claim(int limit, Duration lease) {
        List<String> ids = DueRows.claim(em, "mail_outbox", "id", "next_attempt_at", "state = 'queued'", lease, limit);
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, List<Mail.Attachment>> files = new HashMap<>();
        em.createQuery("select a from OutboxAttachment a where a.mailId in :ids order by a.mailId, a.position",
                        OutboxAttachment.class).setParameter("ids", ids).getResultList()
                .forEach(a -> files.computeIfAbsent(a.mailId, id -> new ArrayList<>())
                        .add(new Mail.Attachment(a.fileName, a.contentType, a.content)));
        List<Outgoing> outgoing = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (OutboxMail mail : em.createQuery("select m from OutboxMail m where m.id in :ids order by m.createdAt",
                OutboxMail.class).setParameter("ids", ids).getResultList()) {
            String text;
            try {
                text = box.open(mail.bodySealed);
            } catch (RuntimeException e) {
                // Sealed under another secrets key, or damaged: this one can never go, the others still can.
                mail.failedTry("The body could not be opened with the secrets key", now, 1, Duration.ZERO);
                continue;
            }
            outgoing.add(new Outgoing(mail.id, mail.recipient, mail.subject, text,
                    mail.headers == null ? Map.of() : mail.headers, files.getOrDefault(mail.id, List.of())));
        }
        return outgoing;
    }

    /** How each try went: the message's id to null when it was delivered, otherwise the server's refusal. */
    @Transactional
    void tried(Map<String, String> outcomes, int maxAttempts, Duration firstWait) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (OutboxMail mail : em.createQuery("select m from OutboxMail m where m.id in :ids", OutboxMail.class)
                .setParameter("ids", List.copyOf(outcomes.keySet())).getResultList()) {
            String error = outcomes.get(mail.id);
            if (error == null) {
                mail.sent(now);
            } else {
                mail.failedTry(error, now, maxAttempts, firstWait);
            }
        }
    }

    /** Deletes up to 500 messages delivered more than {@code keep} ago (their attachments with them). */
    @Transactional
    int purgeSent(Duration keep) {
        return em.createNativeQuery("delete from mail_outbox where id in (select id from mail_outbox "
                        + "where state = 'sent' and sent_at < now() - make_interval(secs => ?1) limit 500)")
                .setParameter(1, keep.toSeconds()).executeUpdate();
    }

    /** The outbox, newest first, optionally only messages in {@code state}. */
    public Page<Summary> search(MailState state, PageRequest page) {
        String where = state == null ? "" : " where m.state = :state";
        TypedQuery<OutboxMail> rows = em.createQuery("select m from OutboxMail m" + where
                + " order by m.createdAt desc, m.id desc", OutboxMail.class);
        TypedQuery<Long> count = em.createQuery("select count(m) from OutboxMail m" + where, Long.class);
        if (state != null) {
            rows.setParameter("state", state);
            count.setParameter("state", state);
        }
        List<Summary> data = rows.setFirstResult(page.offset()).setMaxResults(page.perPage()).getResultList().stream()
                .map(m -> new Summary(m.id, m.recipient, m.subject, m.state.stored(), m.attempts, m.lastError, m.createdAt,
                        m.state == MailState.QUEUED ? m.nextAttemptAt : null, m.sentAt))
                .toList();
        return Page.of(data, page, count.getSingleResult());
    }
}
