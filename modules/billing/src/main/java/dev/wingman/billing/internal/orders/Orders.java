package dev.wingman.billing.internal.orders;

import dev.wingman.platform.api.Locking;
import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.auth.api.Accounts;
import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.api.Entitlements;
import dev.wingman.billing.internal.Coupons;
import dev.wingman.billing.internal.Inputs;
import dev.wingman.billing.internal.payments.PaymentMethods;
import dev.wingman.billing.internal.payments.PaymentProvider;
import dev.wingman.organisations.api.OrganisationAccess;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import dev.wingman.billing.internal.invoices.Invoice;
import dev.wingman.billing.internal.invoices.Invoices;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Orders: placing one (priced on the server, idempotent per account and key), the buyer's moves
 * (checkout, mark sent, cancel) and staff's (confirm or reject the payment). Every move locks the
 * order's row, goes through the entity's intent method, stores the {@link OrderEvent} and writes
 * the admin audit trail, all in one transaction.
 *
 * <p><b>Idempotency.</b> A placement tries a transaction-scoped advisory lock on (account, key)
 * before looking the key up. While another request with the key holds it (is being processed) the
 * answer is 409 {@code in_progress} with {@code Retry-After: 1}, as the IETF Idempotency-Key draft
 * says, instead of waiting: a waiting request would hold a pooled connection, and twenty of them
 * would starve the one doing the work. Once it committed, the same key with the same request (its
 * normalized fields' fingerprint) answers that order; with another request it is 409
 * {@code key_reused}. A request that failed stored nothing, so retrying its key places the order
 * then. The unique (account, key) constraint backs the lock.
 */
@ApplicationScoped
public class Orders {
    /** Printable ASCII without spaces, as the IETF idempotency-key draft's examples and Stripe's keys are. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Set<String> SORTABLE = Set.of("createdAt");

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    AuditTrail audit;

    @Inject
    Coupons coupons;

    @Inject
    Accounts accounts;

    @Inject
    OrganisationAccess organisations;

    @Inject
    PaymentMethods methods;

    @Inject
    Instance<PaymentProvider> providers;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Invoices invoices;

    @Inject
    OrderMails mails;

    /** What a buyer sends to order a plan. */
    public record PlaceInput(String planId, String organisationId, String couponCode, String country) {
    }

    /** An order placed now ({@code created}) or found by its idempotency key. */
    public record Placed(OrderInfo order, boolean created) {
    }

    /** Staff's filter of every order; null fields mean any. */
    public record Filter(OrderState state, String accountId, Instant from, Instant to) {
    }

    public static Set<String> sortable() {
        return SORTABLE;
    }

    /**
     * Places an order for the caller (and {@code organisationId}, which the caller must be allowed
     * to buy for: {@code billing:manage} in it, which its owner holds). 404 for an organisation the
     * caller is no member of, a plan not on sale or an unknown coupon; 403 for a member without the
     * permission; 422 when the coupon does not apply; 409 for a key used with another request.
     */
    @Transactional
    public Placed place(Caller caller, String idempotencyKey, PlaceInput input) {
        String key = key(idempotencyKey);
        Validate.body(input);
        String planId = Validate.text(input.planId(), "planId", 64);
        String organisationId = Validate.optionalText(input.organisationId(), "organisationId", 64);
        String code = Validate.optionalText(input.couponCode(), "couponCode", 64);
        String country = input.country() == null ? null : Inputs.country(input.country(), "country");
        String fingerprint = fingerprint(planId, organisationId, code == null ? null : code.toLowerCase(Locale.ROOT), country);

        Object locked = em.createNativeQuery("select pg_try_advisory_xact_lock(hashtext('wingman.order-key'), hashtext(?1))")
                .setParameter(1, caller.userId() + "\n" + key).getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            throw new ApiException(409, "A request with this Idempotency-Key is still being processed; retry it shortly",
                    Map.of("reason", "in_progress"), Map.of("Retry-After", "1"));
        }
        Order existing = em.createQuery("from BillingOrder o where o.accountId = ?1 and o.idempotencyKey = ?2", Order.class)
                .setParameter(1, caller.userId()).setParameter(2, key).getResultStream().findFirst().orElse(null);
        if (existing != null) {
            if (!existing.requestFingerprint.equals(fingerprint)) {
                throw new ApiException(409, "This Idempotency-Key was used for another order request; use a new key",
                        Map.of("reason", "key_reused"), Map.of());
            }
            return new Placed(info(existing, true), false);
        }

        String organisationName = organisationId == null ? null : requireBuyerFor(caller, organisationId);
        Accounts.Account account = accounts.findById(caller.userId())
                .orElseThrow(() -> ApiException.unauthorized("Authentication required"));
        Coupons.Priced priced = coupons.quote(planId, country, code, caller.userId());
        Order order = Order.priced(caller.userId(), organisationId, key, fingerprint, priced,
                new Buyer(account.email(), account.name(), country, organisationName));
        em.persist(order);
        em.flush();
        if (code != null) {
            coupons.redeem(code, planId, caller.userId(), order.id);
        }
        em.persist(OrderEvent.of(order.id, null, OrderState.PENDING, caller.userId(), "placed", null));
        mails.placed(order);
        if (order.free()) {
            em.persist(order.activateFree());
            activated(order, null);
        }
        em.flush();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("planId", planId);
        details.put("amount", order.total().amount());
        details.put("currency", order.total().currencyCode());
        details.put("state", order.state.stored());
        if (organisationId != null) {
            details.put("organisationId", organisationId);
        }
        if (order.couponCode != null) {
            details.put("coupon", order.couponCode);
        }
        audit.record(BillingPermissions.AUDIT_ORDER_CREATE, "order", order.id, details);
        return new Placed(info(order, true), true);
    }

    /** The organisation's name, after checking the caller may buy for it: 404 to a non-member, 403 to a member without the right. */
    private String requireBuyerFor(Caller caller, String organisationId) {
        if (!organisations.allows(caller, organisationId, BillingPermissions.ORGANISATION_BILLING)) {
            if (organisations.membership(caller.userId(), organisationId).isPresent()) {
                throw ApiException.forbidden("Missing organisation permission " + BillingPermissions.ORGANISATION_BILLING);
            }
            throw ApiException.notFound("Organisation not found");
        }
        return organisations.name(organisationId).orElseThrow(() -> ApiException.notFound("Organisation not found"));
    }

    /** The caller's own orders, newest first unless sorted otherwise. */
    public Page<OrderInfo> mine(String accountId, PageRequest page) {
        return search(new Filter(null, accountId, null, null), page);
    }

    /** One of the caller's own orders with its history; 404 for anyone else's. */
    public OrderInfo own(String accountId, String id) {
        Order order = id == null ? null : em.find(Order.class, id);
        if (order == null || !order.accountId.equals(accountId)) {
            throw notFound();
        }
        return info(order, true);
    }

    /** Any order, with its history (staff). */
    public OrderInfo get(String id) {
        Order order = id == null ? null : em.find(Order.class, id);
        if (order == null) {
            throw notFound();
        }
        return info(order, true);
    }

    /** Orders matching {@code filter}, without their history. */
    public Page<OrderInfo> search(Filter filter, PageRequest page) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (filter.state() != null) {
            where.append(" and o.state = :state");
            parameters.put("state", filter.state());
        }
        if (filter.accountId() != null) {
            where.append(" and o.accountId = :account");
            parameters.put("account", filter.accountId());
        }
        if (filter.from() != null) {
            where.append(" and o.createdAt >= :from");
            parameters.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" and o.createdAt < :to");
            parameters.put("to", filter.to());
        }
        var select = em.createQuery("from BillingOrder o" + where + " order by o.createdAt "
                + (page.descending() ? "desc" : "asc") + ", o.id", Order.class);
        var count = em.createQuery("select count(o) from BillingOrder o" + where, Long.class);
        parameters.forEach((name, value) -> {
            select.setParameter(name, value);
            count.setParameter(name, value);
        });
        List<OrderInfo> rows = select.setFirstResult(page.offset()).setMaxResults(page.perPage()).getResultList().stream()
                .map(o -> info(o, false)).toList();
        return Page.of(rows, page, count.getSingleResult());
    }

    /** The buyer withdraws their order before paying it. */
    @Transactional
    public OrderInfo cancel(String accountId, String id) {
        return ownMove(accountId, id, BillingPermissions.AUDIT_ORDER_CANCEL, o -> o.cancel(accountId, null));
    }

    /**
     * The buyer chooses a payment method (active; 404 otherwise): the provider that handles its kind
     * answers the instructions, address and payment reference, which the order keeps.
     */
    @Transactional
    public OrderInfo checkout(String accountId, String id, String paymentMethodId) {
        String methodId = Validate.text(paymentMethodId, "paymentMethodId", 64);
        return ownMove(accountId, id, BillingPermissions.AUDIT_ORDER_CHECKOUT, order -> {
            PaymentMethods.Info method = methods.chosen(methodId);
            PaymentProvider provider = providers.stream().filter(p -> p.handles(method.kind())).findFirst()
                    .orElseThrow(() -> ApiException.conflict("No payment provider takes " + method.kind().stored()
                            + " payments"));
            PaymentProvider.Checkout checkout = provider.checkout(new PaymentProvider.OrderToPay(order.id,
                    order.total().amount(), order.total().currencyCode(), order.planName), method, order.paymentReference);
            OrderEvent event = order.checkout(accountId, new Order.PaymentSnapshot(method.id(), method.kind().stored(),
                    method.name(), checkout.instructions(), checkout.address()), checkout.reference());
            mails.instructions(order);
            return event;
        });
    }

    /** The buyer says the money went out under {@code reference}. */
    @Transactional
    public OrderInfo markSent(String accountId, String id, String reference) {
        String sent = Validate.text(reference, "reference", 200);
        return ownMove(accountId, id, BillingPermissions.AUDIT_ORDER_MARK_SENT, o -> o.markSent(accountId, sent));
    }

    /** Staff saw the money arrive under {@code reference}: the order is active. */
    @Transactional
    public OrderInfo confirmPayment(String actorId, String id, String reference, String note) {
        String received = Validate.text(reference, "reference", 200);
        String why = Validate.optionalText(note, "note", 1000);
        return move(lock(id), BillingPermissions.AUDIT_ORDER_CONFIRM, o -> {
            OrderEvent event = o.confirmPayment(actorId, received, why);
            Subscription subscription = activated(o, actorId);
            Invoice invoice = invoices.issue(o, subscription.startsAt, subscription.endsAt, subscriptions.zone());
            mails.confirmed(o, invoice, invoices.render(invoice, subscriptions.zone()));
            return event;
        });
    }

    /**
     * The active order becomes its subject's subscription for one period from now (periods counted
     * in {@code wingman.billing.time-zone}; a lifetime plan has no end); the order it replaces, if
     * still active, expires as superseded. The subject's advisory lock orders two activations for
     * one subject, so the later one always supersedes the earlier. The change of entitlement is
     * announced after commit.
     */
    private Subscription activated(Order order, String actorId) {
        String subject = order.subjectType() + ":" + order.subjectId();
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wingman.subscription'), hashtext(?1))")
                .setParameter(1, subject).getSingleResult();
        Subscription subscription = Subscriptions.find(em, order.subjectType(), order.subjectId()).orElse(null);
        Entitlements.Entitlement before = subscriptions.grantedBy(subscription);
        if (subscription == null) {
            subscription = Subscription.of(order.subjectType(), order.subjectId());
        } else if (!subscription.orderId.equals(order.id)) {
            Order older = Locking.row(em, Order.class, subscription.orderId);
            if (older != null && older.state == OrderState.ACTIVE) {
                em.persist(older.supersededBy(order.id, actorId));
            }
        }
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        subscription.takeOver(order, start, order.planPeriod.nextEnd(start, subscriptions.zone()).orElse(null));
        if (subscription.id == null) {
            em.persist(subscription);
        }
        subscriptions.announce(subscription, before);
        return subscription;
    }

    /**
     * The order's invoice as a PDF: the caller's own order ({@code accountId}), or any order for
     * staff ({@code accountId} null). 404 for another's order, or one whose payment was not confirmed.
     */
    public Invoices.Rendered invoice(String accountId, String id) {
        if (accountId == null) {
            get(id);
        } else {
            own(accountId, id);
        }
        return invoices.pdf(id, subscriptions.zone());
    }

    /** Staff found no payment: the order is rejected, saying why. */
    @Transactional
    public OrderInfo rejectPayment(String actorId, String id, String reason) {
        String why = Validate.text(reason, "reason", 1000);
        return move(lock(id), BillingPermissions.AUDIT_ORDER_REJECT, o -> {
            OrderEvent event = o.rejectPayment(actorId, why);
            mails.rejected(o, why);
            return event;
        });
    }

    private OrderInfo ownMove(String accountId, String id, String action, Function<Order, OrderEvent> change) {
        Order order = lock(id);
        if (!order.accountId.equals(accountId)) {
            throw notFound();
        }
        return move(order, action, change);
    }

    private OrderInfo move(Order order, String action, Function<Order, OrderEvent> change) {
        OrderEvent event = change.apply(order);
        em.persist(event);
        em.flush();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", event.from.stored());
        details.put("to", event.to.stored());
        if (event.reason != null) {
            details.put("reason", event.reason);
        }
        if (event.reference != null) {
            details.put("reference", event.reference);
        }
        audit.record(action, "order", order.id, details);
        return info(order, true);
    }

    private Order lock(String id) {
        Order order = id == null ? null : Locking.row(em, Order.class, id);
        if (order == null) {
            throw notFound();
        }
        return order;
    }

    private OrderInfo info(Order order, boolean withHistory) {
        List<OrderInfo.Event> history = withHistory ? em.createQuery("from OrderEvent e where e.orderId = ?1 "
                        + "order by e.createdAt, e.id", OrderEvent.class).setParameter(1, order.id).getResultList().stream()
                .map(e -> new OrderInfo.Event(e.from, e.to, e.actorId, e.reason, e.reference, e.createdAt)).toList() : null;
        return OrderInfo.of(order, history);
    }

    static ApiException notFound() {
        return ApiException.notFound("Order not found");
    }

    private static String key(String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField("Idempotency-Key", "header is required (a unique value per order, such as a UUID)");
        }
        if (!KEY.matcher(value).matches()) {
            throw ApiException.invalidField("Idempotency-Key", "must be 1 to 255 printable ASCII characters without spaces");
        }
        return value;
    }

    /** The request a key was used for, normalized (the coupon code regardless of case, the country upper-cased). */
    private static String fingerprint(String... fields) {
        StringBuilder canonical = new StringBuilder();
        for (String field : fields) {
            canonical.append(field == null ? "-" : "+" + field).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
