package dev.wingman.billing.internal.invoices;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.billing.internal.Pricing;
import dev.wingman.billing.internal.orders.Order;
import dev.wingman.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Issues invoices for orders whose payment was confirmed, and renders them. The seller printed on
 * each is the configuration at issue ({@code wingman.billing.seller.*}); the buyer, lines and
 * totals are the order's frozen ones, so an invoice never changes after it is issued.
 */
@ApplicationScoped
public class Invoices {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH);

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    InvoiceNumbers numbers;

    @Inject
    @ConfigProperty(name = "wingman.billing.seller.name", defaultValue = "Wingman")
    String sellerName;

    /** Address lines separated by {@code |} or new lines. */
    @Inject
    @ConfigProperty(name = "wingman.billing.seller.address")
    Optional<String> sellerAddress;

    @Inject
    @ConfigProperty(name = "wingman.billing.seller.tax-id")
    Optional<String> sellerTaxId;

    @Inject
    @ConfigProperty(name = "wingman.billing.seller.email")
    Optional<String> sellerEmail;

    /**
     * Issues the invoice of {@code order}, whose period runs from {@code start} to {@code end}
     * (null: lifetime), in the caller's transaction: the number is taken in it, so it is the
     * order's only if the confirmation commits. An order has at most one invoice.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Invoice issue(Order order, Instant start, Instant end, ZoneId zone) {
        Optional<Invoice> existing = forOrder(order.id);
        if (existing.isPresent()) {
            return existing.get();
        }
        String number = numbers.next(Instant.now().atZone(zone).getYear());
        // Dated once the number is this transaction's (it may have waited for the one before), so a
        // higher number never carries an earlier date.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Invoice invoice = new Invoice(number, now);
        invoice.orderId = order.id;
        invoice.accountId = order.accountId;
        invoice.organisationId = order.organisationId;
        Pricing.Quote quote = order.quote();
        invoice.currency = quote.total().currencyCode();
        invoice.listAmount = quote.listPrice().amount();
        invoice.discountAmount = quote.discount().amount();
        invoice.netAmount = quote.net().amount();
        invoice.taxAmount = quote.tax().amount();
        invoice.totalAmount = quote.total().amount();
        if (quote.taxRate() != null) {
            invoice.taxName = quote.taxRate().name();
            invoice.taxBasisPoints = quote.taxRate().basisPoints();
            invoice.taxInclusive = quote.taxRate().inclusive();
        }
        invoice.couponCode = order.couponCode;
        invoice.seller = new Invoice.Party(sellerName, sellerAddress.map(Invoices::lines).orElse(List.of()),
                sellerTaxId.orElse(null), sellerEmail.orElse(null));
        invoice.buyer = new Invoice.Buyer(order.buyer.name(), order.buyer.email(), order.buyer.country(),
                order.buyer.organisationName());
        String period = end == null ? "lifetime, from " + DAY.format(start.atZone(zone))
                : DAY.format(start.atZone(zone)) + " – " + DAY.format(end.atZone(zone));
        invoice.lines = List.of(new Invoice.Line(order.planName + " (" + order.planPeriod.stored() + ", " + period + ")",
                1, invoice.listAmount, invoice.listAmount));
        invoice.paymentMethod = order.paymentMethodName;
        invoice.paymentReference = order.receivedReference != null ? order.receivedReference : order.paymentReference;
        em.persist(invoice);
        return invoice;
    }

    public Optional<Invoice> forOrder(String orderId) {
        return em.createQuery("select i from Invoice i where i.orderId = :order", Invoice.class)
                .setParameter("order", orderId).getResultStream().findFirst();
    }

    /** The order's invoice as a PDF: 404 when it has none (its payment was not confirmed). */
    public Rendered pdf(String orderId, ZoneId zone) {
        Invoice invoice = forOrder(orderId).orElseThrow(() -> ApiException.notFound(
                "This order has no invoice: one is issued when its payment is confirmed"));
        return new Rendered(invoice.number, render(invoice, zone));
    }

    public byte[] render(Invoice invoice, ZoneId zone) {
        return InvoicePdf.render(invoice, zone);
    }

    /** An invoice's number and its PDF. */
    public record Rendered(String number, byte[] pdf) {
    }

    private static List<String> lines(String address) {
        List<String> lines = new ArrayList<>();
        Arrays.stream(address.split("[|\\n]")).map(String::strip).filter(line -> !line.isEmpty()).forEach(lines::add);
        return lines;
    }
}
