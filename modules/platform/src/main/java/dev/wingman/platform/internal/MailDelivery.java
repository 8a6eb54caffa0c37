package dev.wingman.platform.internal;

import dev.wingman.platform.api.Mail;
import dev.wingman.platform.api.RecurringJob;
import dev.wingman.platform.api.StartupRefused;
import jakarta.activation.DataHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The recurring job {@code platform.mail-delivery}: every {@code wingman.mail.poll} one instance
 * claims the outbox's due messages (50 a claim, again while claims come back full), sends them over
 * one SMTP connection, and records each outcome; a refused or unreachable try is retried with
 * back-off ({@code wingman.mail.retry}, doubling, at most an hour apart) up to
 * {@code wingman.mail.max-attempts} tries, then the message is failed for administrators to see.
 * Delivered messages are purged after {@code wingman.mail.keep-sent}. Off while
 * {@code wingman.mail.smtp.host} is unset: mail then waits in the outbox.
 */
@ApplicationScoped
public class MailDelivery implements RecurringJob {
    private static final Logger LOG = Logger.getLogger(MailDelivery.class.getName());
    private static final int BATCH = 50;
    private static final int ROUNDS = 10;
    /** How long a claimed message is this run's: far beyond a batch's SMTP timeouts. */
    private static final Duration LEASE = Duration.ofMinutes(10);

    /** How the connection to the SMTP server is protected. */
    enum Security {
        /** Plain connection upgraded with STARTTLS, refused when the server does not offer it (port 587). */
        STARTTLS,
        /** TLS from the first byte (port 465). */
        TLS,
        /** No encryption: only for a relay on the same host or a test server. */
        NONE
    }

    @Inject
    MailOutbox outbox;

    @Inject
    @ConfigProperty(name = "wingman.mail.smtp.host")
    Optional<String> host;

    @Inject
    @ConfigProperty(name = "wingman.mail.smtp.port", defaultValue = "587")
    int port;

    @Inject
    @ConfigProperty(name = "wingman.mail.smtp.security", defaultValue = "starttls")
    String security;

    @Inject
    @ConfigProperty(name = "wingman.mail.smtp.username")
    Optional<String> username;

    @Inject
    @ConfigProperty(name = "wingman.mail.smtp.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "wingman.mail.smtp.timeout", defaultValue = "PT20S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "wingman.mail.from", defaultValue = "Wingman <wingman@localhost>")
    String from;

    @Inject
    @ConfigProperty(name = "wingman.mail.poll", defaultValue = "PT2S")
    Duration poll;

    @Inject
    @ConfigProperty(name = "wingman.mail.max-attempts", defaultValue = "8")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "wingman.mail.retry", defaultValue = "PT30S")
    Duration retry;

    @Inject
    @ConfigProperty(name = "wingman.mail.keep-sent", defaultValue = "P14D")
    Duration keepSent;

    private InternetAddress sender;
    private Security protection;

    /** Settings that could never send mail stop start-up, naming the setting. */
    void check(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        try {
            sender = new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new StartupRefused("wingman.mail.from must be one e-mail address, optionally with a name "
                    + "(\"Wingman <panel@example.com>\"): " + e.getMessage());
        }
        try {
            protection = Security.valueOf(security.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StartupRefused("wingman.mail.smtp.security must be starttls, tls or none, not " + security);
        }
        if (port < 1 || port > 65535) {
            throw new StartupRefused("wingman.mail.smtp.port must be a port number (1-65535), not " + port);
        }
        if (maxAttempts < 1) {
            throw new StartupRefused("wingman.mail.max-attempts must be at least 1, not " + maxAttempts);
        }
        if (username.isPresent() != password.isPresent()) {
            throw new StartupRefused("wingman.mail.smtp.username and wingman.mail.smtp.password are set together or not at all");
        }
    }

    @Override
    public String name() {
        return "platform.mail-delivery";
    }

    @Override
    public Duration interval() {
        return poll;
    }

    @Override
    public boolean enabled() {
        return host.filter(h -> !h.isBlank()).isPresent();
    }

    @Override
    public void run() {
        outbox.purgeSent(keepSent);
        for (int round = 0; round < ROUNDS; round++) {
            List<MailOutbox.Outgoing> due = outbox.claim(BATCH, LEASE);
            if (due.isEmpty()) {
                return;
            }
            outbox.tried(deliver(due), maxAttempts, retry);
            if (due.size() < BATCH) {
                return;
            }
        }
    }

    /** Sends each message over one connection: its id to null when the server took it, else why not. */
    private Map<String, String> deliver(List<MailOutbox.Outgoing> due) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        Session session = session();
        try (Transport transport = session.getTransport(protection == Security.TLS ? "smtps" : "smtp")) {
            transport.connect(host.orElseThrow(), port, username.orElse(null), password.orElse(null));
            for (MailOutbox.Outgoing mail : due) {
                try {
                    MimeMessage message = message(session, mail);
                    transport.sendMessage(message, message.getAllRecipients());
                    outcomes.put(mail.id(), null);
                } catch (MessagingException | RuntimeException e) {
                    outcomes.put(mail.id(), describe(e));
                }
            }
        } catch (MessagingException | RuntimeException e) {
            // not connected (or the connection broke): every message not yet sent is tried again later
            String why = describe(e);
            LOG.log(Level.WARNING, "Mail could not be delivered to the SMTP server: " + why);
            due.forEach(mail -> outcomes.putIfAbsent(mail.id(), why));
        }
        return outcomes;
    }

    private Session session() {
        String protocol = protection == Security.TLS ? "smtps" : "smtp";
        Properties settings = new Properties();
        String millis = String.valueOf(timeout.toMillis());
        settings.put("mail." + protocol + ".connectiontimeout", millis);
        settings.put("mail." + protocol + ".timeout", millis);
        settings.put("mail." + protocol + ".writetimeout", millis);
        settings.put("mail." + protocol + ".auth", String.valueOf(username.isPresent()));
        if (protection == Security.STARTTLS) {
            settings.put("mail.smtp.starttls.enable", "true");
            settings.put("mail.smtp.starttls.required", "true");
        }
        if (protection != Security.NONE) {
            settings.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        return Session.getInstance(settings);
    }

    private MimeMessage message(Session session, MailOutbox.Outgoing mail) throws MessagingException {
        MimeMessage message = new StableIdMessage(session, "<" + mail.id() + "@" + domain() + ">");
        message.setFrom(sender);
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to(), true));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(new Date());
        for (Map.Entry<String, String> header : mail.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        if (mail.attachments().isEmpty()) {
            message.setText(mail.text(), "UTF-8");
        } else {
            MimeMultipart parts = new MimeMultipart();
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), "UTF-8");
            parts.addBodyPart(text);
            for (Mail.Attachment file : mail.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.content(), file.contentType())));
                part.setFileName(file.fileName());
                parts.addBodyPart(part);
            }
            message.setContent(parts);
        }
        return message;
    }

    private String domain() {
        String address = sender.getAddress();
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** What went wrong, without the server's address or credentials: the exception's own messages. */
    private static String describe(Exception e) {
        StringBuilder why = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            why.append(": ").append(e.getMessage().strip());
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null) {
            why.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage().strip()).append(')');
        }
        return why.toString();
    }

    /** Every try of a message carries the same Message-ID (Jakarta Mail would make a new one each time). */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
