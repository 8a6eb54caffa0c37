package dev.wingman.billing.internal.payments;

/**
 * Takes payment for an order through one kind of payment method. The manual provider hands out
 * the administrator's instructions and a reference for staff to confirm by hand; a provider with
 * an API (Stripe) would open a checkout session and confirm through its webhooks. Providers are
 * CDI beans; {@code Orders} asks each whether it handles the chosen method.
 */
public interface PaymentProvider {
    /** Whether this provider takes payments for methods of {@code kind}. */
    boolean handles(PaymentMethodKind kind);

    /**
     * What the buyer of {@code order} needs to pay it with {@code method}. {@code existingReference}
     * is the order's reference from an earlier checkout (null for the first): a provider keeps it,
     * so the buyer is never told two.
     */
    Checkout checkout(OrderToPay order, PaymentMethods.Info method, String existingReference);

    /** The order as a provider sees it: what to charge, in which currency, for what. */
    record OrderToPay(String orderId, long totalMinorUnits, String currency, String description) {
    }

    /**
     * What the buyer is told: instructions and address to pay to, the reference to quote, and a
     * page to continue on (null for manual methods).
     */
    record Checkout(String instructions, String address, String reference, String redirectUrl) {
    }
}
