package dev.wingman.billing.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tax rate table, one rate per country; every change goes to the admin audit trail. */
@ApplicationScoped
public class TaxRates {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    AuditTrail audit;

    /** A rate as administrators write it. */
    public record Input(String name, Integer basisPoints, Boolean inclusive) {
    }

    public record Info(String countryCode, String name, int basisPoints, boolean inclusive, Instant createdAt,
                       Instant updatedAt) {
        static Info of(TaxRate t) {
            return new Info(t.countryCode, t.name, t.basisPoints, t.inclusive, t.createdAt, t.updatedAt);
        }
    }

    public List<Info> list() {
        return em.createQuery("from TaxRate t order by t.countryCode", TaxRate.class).getResultList().stream()
                .map(Info::of).toList();
    }

    public Info get(String countryCode) {
        TaxRate rate = em.find(TaxRate.class, Inputs.country(countryCode, "countryCode"));
        if (rate == null) {
            throw notFound();
        }
        return Info.of(rate);
    }

    /** The rate buyers in {@code countryCode} pay; empty when none is set (no tax). */
    public Optional<Pricing.Tax> forCountry(String countryCode) {
        return Optional.ofNullable(em.find(TaxRate.class, countryCode)).map(TaxRate::tax);
    }

    /** Creates or replaces the country's rate. Two at once for a new country: the second waits, then replaces. */
    @Transactional
    public Info set(String countryCode, Input input) {
        String country = Inputs.country(countryCode, "countryCode");
        Validate.body(input);
        String name = Validate.text(input.name(), "name", 40);
        int basisPoints = Inputs.integer(input.basisPoints(), "basisPoints", 0, 10_000);
        boolean inclusive = Inputs.flag(input.inclusive(), "inclusive");
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wingman.tax-rate'), hashtext(?1))")
                .setParameter(1, country).getSingleResult();
        TaxRate rate = em.find(TaxRate.class, country);
        boolean created = rate == null;
        if (created) {
            rate = new TaxRate();
            rate.countryCode = country;
        }
        rate.name = name;
        rate.basisPoints = basisPoints;
        rate.inclusive = inclusive;
        if (created) {
            em.persist(rate);
        }
        em.flush();
        audit.record(BillingPermissions.AUDIT_TAX_RATE_SET, "tax_rate", country,
                Map.of("name", name, "basisPoints", basisPoints, "inclusive", inclusive));
        return Info.of(rate);
    }

    @Transactional
    public void delete(String countryCode) {
        String country = Inputs.country(countryCode, "countryCode");
        if (em.createQuery("delete from TaxRate t where t.countryCode = ?1").setParameter(1, country).executeUpdate() == 0) {
            throw notFound();
        }
        audit.record(BillingPermissions.AUDIT_TAX_RATE_DELETE, "tax_rate", country, Map.of());
    }

    private static ApiException notFound() {
        return ApiException.notFound("No tax rate for this country");
    }
}
