package dev.wingman.billing.internal.payments;

import dev.wingman.platform.api.Locking;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.internal.Inputs;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The payment methods administrators set up; every change goes to the admin audit trail. */
@ApplicationScoped
public class PaymentMethods {
    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    AuditTrail audit;

    /** A method as administrators write it, every field but instructions and address required. */
    public record Input(String kind, String name, String instructions, String address, Boolean active) {
    }

    public record Info(String id, PaymentMethodKind kind, String name, String instructions, String address, boolean active,
                       Instant createdAt, Instant updatedAt) {
        static Info of(PaymentMethod m) {
            return new Info(m.id, m.kind, m.name, m.instructions, m.address, m.active, m.createdAt, m.updatedAt);
        }
    }

    /** Every method, active ones first, then by name. */
    public List<Info> list() {
        return em.createQuery("from PaymentMethod m order by m.active desc, lower(m.name), m.id", PaymentMethod.class)
                .getResultList().stream().map(Info::of).toList();
    }

    public Info get(String id) {
        return Info.of(find(id));
    }

    /** The active method {@code id} a buyer chose; 404 for one unknown or switched off (buyers cannot tell them apart). */
    public Info chosen(String id) {
        PaymentMethod method = id == null ? null : em.find(PaymentMethod.class, id);
        if (method == null || !method.active) {
            throw notFound();
        }
        return Info.of(method);
    }

    @Transactional
    public Info create(Input input) {
        PaymentMethod method = valid(input);
        em.persist(method);
        em.flush();
        audit.record(BillingPermissions.AUDIT_PAYMENT_METHOD_CREATE, "payment_method", method.id, details(method));
        return Info.of(method);
    }

    @Transactional
    public Info update(String id, Input input) {
        PaymentMethod changed = valid(input);
        PaymentMethod method = lock(id);
        method.replaceWith(changed);
        em.flush();
        audit.record(BillingPermissions.AUDIT_PAYMENT_METHOD_UPDATE, "payment_method", id, details(method));
        return Info.of(method);
    }

    /** Deletes a method no order chose; one chosen is kept for those orders (deactivate it instead: 409). */
    @Transactional
    public void delete(String id) {
        PaymentMethod method = lock(id);
        long orders = em.createQuery("select count(o) from BillingOrder o where o.paymentMethodId = ?1", Long.class)
                .setParameter(1, id).getSingleResult();
        if (orders > 0) {
            throw ApiException.conflict(orders + " order(s) chose this payment method; deactivate it (active: false) instead");
        }
        em.remove(method);
        audit.record(BillingPermissions.AUDIT_PAYMENT_METHOD_DELETE, "payment_method", id, Map.of("name", method.name));
    }

    private PaymentMethod find(String id) {
        PaymentMethod method = em.find(PaymentMethod.class, id);
        if (method == null) {
            throw notFound();
        }
        return method;
    }

    private PaymentMethod lock(String id) {
        PaymentMethod method = Locking.row(em, PaymentMethod.class, id);
        if (method == null) {
            throw notFound();
        }
        return method;
    }

    static ApiException notFound() {
        return ApiException.notFound("Payment method not found");
    }

    private static Map<String, Object> details(PaymentMethod m) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", m.kind.stored());
        details.put("name", m.name);
        details.put("address", m.address);
        details.put("active", m.active);
        return details;
    }

    private static PaymentMethod valid(Input input) {
        Validate.body(input);
        PaymentMethod m = new PaymentMethod();
        m.kind = PaymentMethodKind.parse(input.kind());
        if (m.kind == null) {
            throw ApiException.invalidField("kind", "must be one of crypto, paypal, bank_transfer, other");
        }
        m.name = Validate.text(input.name(), "name", 100);
        m.instructions = optional(input.instructions(), "instructions", 4000);
        m.address = optional(input.address(), "address", 500);
        m.active = Inputs.flag(input.active(), "active");
        return m;
    }

    private static String optional(String value, String field, int max) {
        String text = value == null ? "" : value.strip();
        if (text.length() > max) {
            throw ApiException.invalidField(field, "must be at most " + max + " characters");
        }
        return text;
    }
}
