package dev.wingman.app;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.wingman.platform.api.Mail;
import dev.wingman.platform.api.Mailer;
import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.JsonObject;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.transaction.TransactionManager;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.wingman.app.NodeTest.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mail outbox against a real SMTP server (GreenMail): mail written in a transaction that
 * commits arrives, with its attachment and a Message-ID that every try repeats; mail of a
 * rolled-back transaction never does; a server that is away is tried again until it is back, and
 * given up on after the last try; administrators see the outbox and send a test message.
 */
@HelidonTest
class MailOutboxTest extends PanelTest {
    private static final int PORT = freePort();
    private static final int MAX_ATTEMPTS = 3;
    private static GreenMail smtp = started();

    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>();
        config.put("wingman.mail.smtp.host", "127.0.0.1");
        config.put("wingman.mail.smtp.port", String.valueOf(PORT));
        config.put("wingman.mail.smtp.security", "none");
        config.put("wingman.mail.smtp.timeout", "PT2S");
        config.put("wingman.mail.from", "Wingman Panel <panel@wingman.test>");
        config.put("wingman.mail.poll", "PT0.2S");
        config.put("wingman.mail.retry", "PT1S");
        config.put("wingman.mail.max-attempts", String.valueOf(MAX_ATTEMPTS));
        return panelConfig(config);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GreenMail started() {
        GreenMail server = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    private static Mailer mailer() {
        return CDI.current().select(Mailer.class).get();
    }

    private static TransactionManager transactions() {
        return CDI.current().select(TransactionManager.class).get();
    }

    private static List<MimeMessage> received(String subject) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return subject.equals(m.getSubject());
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    @Test
    void mailOfACommittedTransactionArrivesWithItsAttachmentAndItsOwnMessageId() throws Exception {
        byte[] pdf = "%PDF-1.7 an invoice".getBytes(StandardCharsets.US_ASCII);
        String subject = "Invoice INV-2026-000042 \u2014 \u20ac12.00";
        transactions().begin();
        String id = mailer().send(Mail.of("buyer@example.com", subject, "Thank you for your order.\nTotal: \u20ac12.00\n")
                .attach(new Mail.Attachment("INV-2026-000042.pdf", "application/pdf", pdf))
                .header("In-Reply-To", "<order-1@wingman.test>"));
        transactions().commit();

        await("the mail arrived", () -> received(subject).size() == 1);
        MimeMessage message = received(subject).getFirst();
        assertEquals("buyer@example.com", message.getAllRecipients()[0].toString());
        assertEquals("Wingman Panel <panel@wingman.test>", message.getFrom()[0].toString());
        assertEquals("<" + id + "@wingman.test>", message.getMessageID());
        assertEquals("<order-1@wingman.test>", message.getHeader("In-Reply-To")[0]);
        Multipart parts = (Multipart) message.getContent();
        assertEquals(2, parts.getCount());
        assertTrue(GreenMailUtil.getBody(parts.getBodyPart(0)).contains("Thank you for your order."));
        Part attached = parts.getBodyPart(1);
        assertEquals("INV-2026-000042.pdf", attached.getFileName());
        try (InputStream in = attached.getInputStream()) {
            assertArrayEquals(pdf, in.readAllBytes());
        }
        await("recorded as sent", () -> "sent".equals(scalar("select state from mail_outbox where id = '" + id + "'")));
        String stored = scalar("select body_sealed from mail_outbox where id = '" + id + "'");
        assertFalse(stored.contains("Thank you"), "the body is sealed at rest: " + stored);
    }

    @Test
    void mailOfARolledBackTransactionIsNeverSent() throws Exception {
        transactions().begin();
        String id = mailer().send(Mail.of("buyer@example.com", "Rolled back", "This change never happened."));
        transactions().rollback();
        mailer().send(Mail.of("buyer@example.com", "Committed after", "This one did."));

        await("the later mail arrived", () -> received("Committed after").size() == 1);
        assertEquals(0, received("Rolled back").size(), "a rolled-back change sends nothing");
        assertEquals("0", scalar("select count(*) from mail_outbox where id = '" + id + "'"));
    }

    @Test
    void anSmtpServerThatIsAwayIsTriedAgainUntilItIsBackAndGivenUpOnAfterTheLastTry() {
        smtp.stop();
        String later;
        try {
            String never = mailer().send(Mail.of("someone@example.com", "Never delivered", "The server stays away."));
            await("a refused try recorded", () -> "1".equals(attempts(never)));
            assertEquals("queued", scalar("select state from mail_outbox where id = '" + never + "'"));
            assertTrue(scalar("select last_error from mail_outbox where id = '" + never + "'").contains("Exception"));
            // Its tries run out while the server is away: failed for good.
            sql("update mail_outbox set attempts = " + (MAX_ATTEMPTS - 1) + ", next_attempt_at = now() where id = '" + never + "'");
            await("given up", () -> "failed".equals(scalar("select state from mail_outbox where id = '" + never + "'")));
            assertEquals(String.valueOf(MAX_ATTEMPTS), attempts(never));

            later = mailer().send(Mail.of("someone@example.com", "Delivered later", "Once the server is back."));
            await("its first try refused", () -> "1".equals(attempts(later)));
        } finally {
            smtp = started();
        }
        await("delivered once the server is back", () -> received("Delivered later").size() == 1);
        await("recorded as sent", () -> "sent".equals(scalar("select state from mail_outbox where id = '" + later + "'")));
        assertEquals("2", attempts(later));
        assertNull(scalar("select last_error from mail_outbox where id = '" + later + "'"));
        assertEquals(0, received("Never delivered").size(), "a failed message is not sent later");
    }

    private static String attempts(String id) {
        return scalar("select attempts from mail_outbox where id = '" + id + "'");
    }

    @Test
    void aBodyThatCannotBeOpenedFailsItsOwnMessageOnly() {
        // As if sealed under a secrets key the panel no longer has: queued first, so claimed with the next.
        sql("insert into mail_outbox (id, recipient, subject, body_sealed, headers, state, attempts, next_attempt_at, "
                + "created_at) values ('unreadable-1', 'someone@example.com', 'Unreadable', 'v1:AAAA:BBBB', '{}', 'queued', 0, "
                + "now(), now() - interval '1 second')");
        mailer().send(Mail.of("someone@example.com", "Readable", "This one goes."));
        await("the readable one arrived", () -> received("Readable").size() == 1);
        await("the unreadable one failed", () -> "failed".equals(scalar("select state from mail_outbox where id = 'unreadable-1'")));
        assertTrue(scalar("select last_error from mail_outbox where id = 'unreadable-1'").contains("secrets key"));
        assertEquals(0, received("Unreadable").size());
    }

    @Test
    void aMessageThatCouldNotBeSentIsRefusedWhenMade() {
        assertThrows(IllegalArgumentException.class, () -> Mail.of("a@example.com", "Hi\r\nBcc: victim@example.com", "x"));
        assertThrows(IllegalArgumentException.class, () -> Mail.of("a@example.com, b@example.com", "Hi", "x"));
        assertThrows(IllegalArgumentException.class, () -> Mail.of("not an address", "Hi", "x"));
        assertThrows(IllegalArgumentException.class, () -> Mail.of("a@example.com", "Hi", "x").header("Bcc", "b@example.com"));
        assertThrows(IllegalArgumentException.class, () -> Mail.of("a@example.com", "Hi", "x")
                .header("References", "<a@b>\nBcc: victim@example.com"));
    }

    @Test
    void administratorsSendATestMessageAndSeeTheOutboxWithoutBodies() {
        String admin = adminToken();
        ApiClient.Response queued = api().post("/api/admin/mail/test", "{\"to\":\"ops@example.com\"}", admin);
        assertEquals(202, queued.status(), queued.toString());
        String id = queued.json().getString("id");
        await("the test message arrived", () -> received("Wingman test message").size() == 1);
        await("recorded as sent", () -> "sent".equals(scalar("select state from mail_outbox where id = '" + id + "'")));

        ApiClient.Response sent = api().get("/api/admin/mail?state=sent&perPage=100", admin);
        assertEquals(200, sent.status(), sent.toString());
        JsonObject row = sent.json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .filter(m -> m.getString("id").equals(id)).findFirst().orElseThrow();
        assertEquals("ops@example.com", row.getString("to"));
        assertEquals("sent", row.getString("state"));
        assertFalse(row.toString().contains("mail settings"), "no body: " + row);
        assertEquals("1", scalar("select count(*) from audit_log where action = 'mail.test' and target_id = '" + id + "'"));

        String before = scalar("select count(*) from mail_outbox");
        assertEquals("to", api().post("/api/admin/mail/test", "{\"to\":\"two@example.com, three@example.com\"}", admin)
                .json().getString("field"));
        assertEquals(400, api().post("/api/admin/mail/test", "{}", admin).status());
        assertEquals(400, api().post("/api/admin/mail/test", "{\"to\":\"a@example.com\",\"bcc\":\"b@example.com\"}", admin).status());
        assertEquals(400, api().get("/api/admin/mail?state=bogus", admin).status());
        String user = userToken("mail");
        assertEquals(403, api().post("/api/admin/mail/test", "{\"to\":\"ops@example.com\"}", user).status());
        assertEquals(403, api().get("/api/admin/mail", user).status());
        assertEquals(before, scalar("select count(*) from mail_outbox"), "refused calls queue nothing");
    }
}
