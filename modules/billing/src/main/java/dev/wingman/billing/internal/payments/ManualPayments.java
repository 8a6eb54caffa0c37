package dev.wingman.billing.internal.payments;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;

/**
 * Manual payments (crypto, PayPal, bank transfer, other): the buyer pays outside the panel as the
 * administrator's instructions say, quoting the reference, and staff confirm the payment by hand.
 * The reference is {@code WM-} and 12 characters of Crockford's base32 (no I, L, O or U, so it
 * survives being typed into a bank form): 60 random bits, unique per order by a constraint.
 */
@ApplicationScoped
public class ManualPayments implements PaymentProvider {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public boolean handles(PaymentMethodKind kind) {
        return true;
    }

    @Override
    public Checkout checkout(OrderToPay order, PaymentMethods.Info method, String existingReference) {
        String reference = existingReference != null ? existingReference : newReference();
        return new Checkout(method.instructions(), method.address(), reference, null);
    }

    static String newReference() {
        StringBuilder out = new StringBuilder("WM-");
        for (int i = 0; i < 12; i++) {
            out.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }
}
