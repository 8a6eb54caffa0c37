package dev.wingman.billing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.wingman.testkit.api.ApiClient;
import dev.wingman.testkit.panel.PanelTest;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openpdf.text.pdf.PdfReader;
import org.openpdf.text.pdf.parser.PdfTextExtractor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Invoices and order mail: staff confirming a payment issues an invoice numbered from the year's
 * gapless sequence, the buyer (and staff) download it as a PDF whose text states seller, buyer,
 * lines, tax and total with the currency's symbol, and every move mails the buyer through the
 * outbox to a real SMTP server (GreenMail), the confirmation with the invoice attached.
 */
@HelidonTest
class InvoiceTest extends PanelTest {
    private static final int SMTP_PORT = freePort();
    private static final GreenMail SMTP = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private static final Pattern NUMBER = Pattern.compile("INV-(\\d{4})-(\\d{6})");

    static {
        SMTP.start();
    }

    @AddConfigSource
    static ConfigSource config() {
        Map<String, String> config = new HashMap<>();
        config.put("wingman.mail.smtp.host", "127.0.0.1");
        config.put("wingman.mail.smtp.port", String.valueOf(SMTP_PORT));
        config.put("wingman.mail.smtp.security", "none");
        config.put("wingman.mail.from", "Acme Billing <billing@acme.test>");
        config.put("wingman.mail.poll", "PT0.2S");
        config.put("wingman.billing.seller.name", "Acme Hosting GmbH");
        config.put("wingman.billing.seller.address", "Hauptstraße 1 | 10115 Berlin | Germany");
        config.put("wingman.billing.seller.tax-id", "DE123456789");
        return panelConfig(config);
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String plan(String admin, String name, long amount, String currency) {
        ApiClient.Response created = api().post("/api/admin/plans", "{\"name\":\"" + name + "\",\"description\":\"\","
                + "\"tier\":\"paid\",\"price\":{\"amount\":" + amount + ",\"currency\":\"" + currency + "\"},"
                + "\"period\":\"monthly\",\"limits\":{\"servers\":2,\"memoryMib\":4096,\"diskMib\":20480,\"cpuPercent\":200,"
                + "\"allocations\":4,\"databases\":2,\"backups\":3,\"tunnelPorts\":5,\"aiTokens\":0},\"visible\":true,"
                + "\"active\":true}", admin);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    private String method(String admin) {
        ApiClient.Response created = api().post("/api/admin/payment-methods", "{\"kind\":\"bank_transfer\",\"name\":\"Bank "
                + "transfer\",\"instructions\":\"Transfer to our account and quote the reference\",\"address\":"
                + "\"DE89 3704 0044 0532 0130 00\",\"active\":true}", admin);
        assertEquals(201, created.status(), created.toString());
        return created.json().getString("id");
    }

    /** An order of {@code planId} by {@code buyer}, checked out with {@code method} and marked sent. */
    private String paidFor(String buyer, String planId, String method, String country) {
        ApiClient.Response placed = api().send("POST", "/api/orders", "{\"planId\":\"" + planId + "\""
                + (country == null ? "" : ",\"country\":\"" + country + "\"") + "}", buyer,
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, placed.status(), placed.toString());
        String id = placed.json().getString("id");
        ApiClient.Response checkout = api().post("/api/orders/" + id + "/checkout", "{\"paymentMethodId\":\"" + method + "\"}", buyer);
        assertEquals(200, checkout.status(), checkout.toString());
        ApiClient.Response sent = api().post("/api/orders/" + id + "/mark-sent", "{\"reference\":\"my transfer\"}", buyer);
        assertEquals(200, sent.status(), sent.toString());
        return id;
    }

    private Response download(String path, String token) {
        return target.path(path).request().header("Authorization", "Bearer " + token).get();
    }

    private static String text(byte[] pdf) throws IOException {
        PdfReader reader = new PdfReader(pdf);
        try {
            PdfTextExtractor extractor = new PdfTextExtractor(reader);
            StringBuilder text = new StringBuilder();
            for (int page = 1; page <= reader.getNumberOfPages(); page++) {
                text.append(extractor.getTextFromPage(page)).append('\n');
            }
            return text.toString();
        } finally {
            reader.close();
        }
    }

    private static String number(String text) {
        Matcher matcher = NUMBER.matcher(text);
        if (!matcher.find()) {
            fail("no invoice number in: " + text);
        }
        return matcher.group();
    }

    private static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static MimeMessage awaitMail(String address, String subjectStart) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (MimeMessage message : mailTo(address)) {
                if (message.getSubject().startsWith(subjectStart)) {
                    return message;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail '" + subjectStart + "' to " + address + "; got " + mailTo(address).size());
    }

    @Test
    void aConfirmedPaymentIssuesAnInvoiceThePdfStatesAndTheBuyerIsMailed() throws Exception {
        String admin = adminToken();
        String name = "Pro " + UUID.randomUUID().toString().substring(0, 6);
        String planId = plan(admin, name, 1999, "EUR");
        assertEquals(200, api().put("/api/admin/tax-rates/DE", "{\"name\":\"VAT\",\"basisPoints\":1900,\"inclusive\":false}",
                admin).status());
        String method = method(admin);
        String buyer = userToken("invoiced");
        String email = api().get("/api/users/me", buyer).json().getString("email");
        String id = paidFor(buyer, planId, method, "DE");
        awaitMail(email, "Order received");
        MimeMessage howToPay = awaitMail(email, "How to pay");
        assertTrue(String.valueOf(howToPay.getContent()).contains("DE89 3704 0044 0532 0130 00"), "the address to pay to");

        try (Response none = download("/api/orders/" + id + "/invoice", buyer)) {
            assertEquals(404, none.getStatus(), "no invoice before the payment is confirmed");
        }
        ApiClient.Response confirmed = api().post("/api/admin/orders/" + id + "/confirm-payment",
                "{\"reference\":\"BANK-2026-77\"}", admin);
        assertEquals(200, confirmed.status(), confirmed.toString());

        byte[] pdf;
        try (Response invoice = download("/api/orders/" + id + "/invoice", buyer)) {
            assertEquals(200, invoice.getStatus());
            assertEquals("application/pdf", invoice.getMediaType().toString());
            pdf = invoice.readEntity(byte[].class);
            assertTrue(invoice.getHeaderString("Content-Disposition").contains(".pdf"));
        }
        String text = text(pdf);
        String number = number(text);
        assertTrue(invoice(text, "Acme Hosting GmbH", "Hauptstraße 1", "Tax ID: DE123456789", email, "Germany", name,
                "€19.99", "VAT 19%", "€3.80", "Total (EUR)", "€23.79", "BANK-2026-77"), text);
        try (Response staff = download("/api/admin/orders/" + id + "/invoice", admin)) {
            assertEquals(200, staff.getStatus());
            assertEquals(number, number(text(staff.readEntity(byte[].class))), "the same invoice, not a new number");
        }
        try (Response other = download("/api/orders/" + id + "/invoice", userToken("stranger"))) {
            assertEquals(404, other.getStatus(), "another account's invoice does not exist for it");
        }

        MimeMessage paid = awaitMail(email, "Payment received: invoice " + number);
        Multipart parts = (Multipart) paid.getContent();
        assertEquals(number + ".pdf", parts.getBodyPart(1).getFileName());
        try (InputStream attached = parts.getBodyPart(1).getInputStream()) {
            assertEquals(number, number(text(attached.readAllBytes())), "the invoice is attached");
        }
    }

    private static boolean invoice(String text, String... parts) {
        for (String part : parts) {
            if (!text.contains(part)) {
                System.err.println("missing from the invoice: " + part);
                return false;
            }
        }
        return true;
    }

    @Test
    void concurrentConfirmationsTakeDistinctNumbersWithoutGapsAndARejectionIssuesNone() throws Exception {
        String admin = adminToken();
        String planId = plan(admin, "Yen " + UUID.randomUUID().toString().substring(0, 6), 1500, "JPY");
        String method = method(admin);
        List<String> orders = new ArrayList<>();
        List<String> buyers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String buyer = userToken("many");
            buyers.add(buyer);
            orders.add(paidFor(buyer, planId, method, null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> confirmations = new ArrayList<>();
            for (String id : orders) {
                confirmations.add(pool.submit(() -> api().post("/api/admin/orders/" + id + "/confirm-payment",
                        "{\"reference\":\"R-" + id + "\"}", admin).status()));
            }
            for (Future<Integer> status : confirmations) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdown();
        }
        Set<Integer> numbers = new TreeSet<>();
        String year = null;
        for (int i = 0; i < orders.size(); i++) {
            try (Response invoice = download("/api/orders/" + orders.get(i) + "/invoice", buyers.get(i))) {
                assertEquals(200, invoice.getStatus());
                String text = text(invoice.readEntity(byte[].class));
                assertTrue(text.contains("¥1500"), "yen have no minor unit: " + text);
                Matcher matcher = NUMBER.matcher(number(text));
                assertTrue(matcher.matches());
                year = matcher.group(1);
                numbers.add(Integer.parseInt(matcher.group(2)));
            }
        }
        assertEquals(12, numbers.size(), "12 distinct numbers: " + numbers);
        int first = numbers.iterator().next();
        assertEquals(first + 11, ((TreeSet<Integer>) numbers).last(), "no gaps in " + year + ": " + numbers);

        String buyer = userToken("rejected");
        String email = api().get("/api/users/me", buyer).json().getString("email");
        String rejected = paidFor(buyer, planId, method, null);
        assertEquals(200, api().post("/api/admin/orders/" + rejected + "/reject-payment",
                "{\"reason\":\"Nothing arrived under this reference\"}", admin).status());
        assertTrue(String.valueOf(awaitMail(email, "Payment not confirmed").getContent())
                .contains("Nothing arrived under this reference"));
        try (Response none = download("/api/orders/" + rejected + "/invoice", buyer)) {
            assertEquals(404, none.getStatus());
        }
    }
}
