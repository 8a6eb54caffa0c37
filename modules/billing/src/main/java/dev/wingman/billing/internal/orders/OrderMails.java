package dev.wingman.billing.internal.orders;

import dev.wingman.billing.internal.invoices.Invoice;
import dev.wingman.platform.api.Mail;
import dev.wingman.platform.api.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The buyer's mail about an order, queued through platform's outbox in the transaction of the move
 * it tells about (so a move that rolls back sends nothing): placed, how to pay, paid (with the
 * invoice PDF attached) and rejected. Plain text, the amounts as the order froze them.
 */
@ApplicationScoped
public class OrderMails {
    private static final Logger LOG = Logger.getLogger(OrderMails.class.getName());
    @Inject
    Mailer mailer;

    void placed(Order order) {
        String text = order.free()
                ? "Your order of " + order.planName + " is active: it was free.\n"
                : "Thank you for your order of " + order.planName + ".\n\nTotal: " + amount(order)
                        + "\n\nChoose how to pay on the order's page; you will get payment instructions then.\n";
        send(order, "Order received: " + order.planName, text);
    }

    void instructions(Order order) {
        StringBuilder text = new StringBuilder("To pay for " + order.planName + ", send " + amount(order)
                + " by " + order.paymentMethodName + ".\n\n");
        if (order.paymentInstructions != null) {
            text.append(order.paymentInstructions).append("\n\n");
        }
        if (order.paymentAddress != null) {
            text.append("Pay to: ").append(order.paymentAddress).append('\n');
        }
        text.append("Quote this reference with your payment: ").append(order.paymentReference).append("\n\n")
                .append("Once you have paid, mark the order as sent; staff confirm it when the money arrives.\n");
        send(order, "How to pay for " + order.planName + " (" + order.paymentReference + ")", text.toString());
    }

    void confirmed(Order order, Invoice invoice, byte[] pdf) {
        send(order, "Payment received: invoice " + invoice.number, "Your payment of " + amount(order) + " for "
                        + order.planName + " was received and the plan is active.\n\nYour invoice " + invoice.number
                        + " is attached.\n", new Mail.Attachment(invoice.number + ".pdf", "application/pdf", pdf));
    }

    void rejected(Order order, String reason) {
        send(order, "Payment not confirmed: " + order.planName,
                "Staff could not confirm your payment of " + amount(order) + " for " + order.planName
                        + " (reference " + order.paymentReference + ").\n\nReason: " + reason + "\n");
    }

    private void send(Order order, String subject, String text) {
        send(order, subject, text, null);
    }

    private void send(Order order, String subject, String text, Mail.Attachment attachment) {
        Mail mail;
        try {
            mail = Mail.of(order.buyer.email(), subject, text);
        } catch (IllegalArgumentException e) {
            // A buyer address or plan name that mail cannot carry (a line break in the name) loses
            // the mail, never the order's move: staff must still be able to confirm a payment.
            LOG.log(Level.WARNING, "No mail for order " + order.id + ": " + e.getMessage());
            return;
        }
        mailer.send((attachment == null ? mail : mail.attach(attachment))
                .header("References", "<order-" + order.id + "@wingman>"));
    }

    private static String amount(Order order) {
        return order.total().formatted() + " " + order.total().currencyCode();
    }
}
