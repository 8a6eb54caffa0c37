package dev.wingman.billing.internal.invoices;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Invoice numbers from a gapless sequence per year, {@code INV-2026-000042}. A PostgreSQL sequence
 * would skip numbers on every rollback; this bumps the year's row in the issuing transaction
 * instead: its row lock holds a concurrent issuer until this one commits or rolls back, and a
 * rollback undoes the bump, so no number is skipped or used twice. (It serialises issuing per
 * year, a few milliseconds each, which is what tax law asks of an invoice series.)
 */
@ApplicationScoped
public class InvoiceNumbers {
    @Inject
    @PanelPersistence
    EntityManager em;

    /** The next number of {@code year}, held by the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String next(int year) {
        Number next = (Number) em.createNativeQuery("insert into invoice_sequences (year, last_number) values (?1, 1) "
                        + "on conflict (year) do update set last_number = invoice_sequences.last_number + 1 "
                        + "returning last_number")
                .setParameter(1, year).getSingleResult();
        return format(year, next.intValue());
    }

    static String format(int year, int number) {
        return String.format("INV-%04d-%06d", year, number);
    }
}
