package dev.wingman.billing.rest;

import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.internal.BillingContributions;
import dev.wingman.billing.internal.orders.Orders;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A buyer's orders: place one, pay it by a manual method, cancel it before paying. Only the buyer sees an order. */
@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = BillingContributions.TAG)
public class OrderResource {
    static final String VIEW = "An order: {id, state (pending, awaiting_payment, payment_sent, active, expired, cancelled, "
            + "rejected), accountId, organisationId, plan {id, name, tier, period, limits}, quote {listPrice, discount, net, "
            + "tax, total, taxRate}, regionalPrice, couponCode, periodsDiscounted, buyer {email, name, country, "
            + "organisationName}, payment {methodId, kind, methodName, instructions, address, reference, sentReference, "
            + "receivedReference} (after checkout), createdAt, updatedAt, history [{from, to, actorId, reason, reference, "
            + "at}]} (history in single-order answers).";

    @Inject
    Orders orders;

    @Inject
    CurrentRequest request;

    /** planId; organisationId (optional: buy for it); couponCode, country (ISO 3166-1 alpha-2) optional. */
    public record PlaceRequest(String planId, String organisationId, String couponCode, String country) {
    }

    public record CheckoutRequest(String paymentMethodId) {
    }

    public record MarkSentRequest(String reference) {
    }

    @POST
    @Authenticated(scope = BillingPermissions.SCOPE_BILLING)
    @Operation(summary = "Order a plan", description = "Key scope account:billing. Header Idempotency-Key (required, 1 to "
            + "255 printable ASCII characters): the same key with the same body answers the same order (200), with another "
            + "body 409 (reason key_reused), and while a request with it is still being processed 409 (reason in_progress, "
            + "Retry-After: 1); keys are the account's. Body {planId, organisationId?, couponCode?, country?}. The price (the "
            + "country's regional price, else the plan's), the coupon's discount and the country's tax are computed here and "
            + "frozen on the order with the buyer's e-mail, name, country and organisation; the coupon is redeemed with it. "
            + "Buying for an organisation needs its billing:manage (its owner holds it). A free order (total 0) is active at "
            + "once, any other pending until checkout. Audited (order.create). " + VIEW)
    @APIResponse(responseCode = "201", description = "Placed")
    @APIResponse(responseCode = "200", description = "Placed before with this key and this body: that order")
    @APIResponse(responseCode = "400", description = "Idempotency-Key missing or invalid, or a field missing or invalid "
            + "(named in field), or unknown")
    @APIResponse(responseCode = "403", description = "The API key's scope lacks account:billing, or the caller lacks the "
            + "organisation's billing:manage")
    @APIResponse(responseCode = "404", description = "No such plan on sale, no such coupon, or no such organisation the "
            + "caller is a member of")
    @APIResponse(responseCode = "409", description = "reason key_reused: the Idempotency-Key was used for another request; "
            + "in_progress: a request with it is still being processed (Retry-After: 1)")
    @APIResponse(responseCode = "422", description = "The coupon does not apply; reason: expired, used_up, account_used_up, "
            + "not_for_plan or currency")
    public Response place(@Parameter(in = ParameterIn.HEADER, name = "Idempotency-Key", required = true,
                                  description = "A unique value per order, such as a UUID")
                          @HeaderParam("Idempotency-Key") String key, PlaceRequest body) {
        Validate.body(body);
        Orders.Placed placed = orders.place(request.requireCaller(), key,
                new Orders.PlaceInput(body.planId(), body.organisationId(), body.couponCode(), body.country()));
        return Response.status(placed.created() ? 201 : 200).entity(Views.order(placed.order())).build();
    }

    @GET
    @Authenticated(scope = BillingPermissions.SCOPE_BILLING)
    @Operation(summary = "My orders", description = "Key scope account:billing. The orders the caller placed, paged, newest "
            + "first (sort createdAt).")
    @APIResponse(responseCode = "200", description = "One page of orders")
    public Page<Views.OrderView> list(@QueryParam("page") Integer page, @QueryParam("perPage") Integer perPage,
                                      @QueryParam("sort") String sort) {
        return orders.mine(caller().userId(), PageRequest.of(page, perPage, sort, Orders.sortable(), "-createdAt"))
                .map(Views::order);
    }

    @GET
    @Path("/{id}")
    @Authenticated(scope = BillingPermissions.SCOPE_BILLING)
    @Operation(summary = "One of my orders", description = "Key scope account:billing. With its history. " + VIEW)
    @APIResponse(responseCode = "200", description = "The order")
    @APIResponse(responseCode = "404", description = "No such order of the caller's")
    public Views.OrderView get(@PathParam("id") String id) {
        return Views.order(orders.own(caller().userId(), id));
    }

    @GET
    @Path("/{id}/invoice")
    @Produces({"application/pdf", MediaType.APPLICATION_JSON})
    @Authenticated(scope = BillingPermissions.SCOPE_BILLING)
    @Operation(summary = "The invoice of one of my orders", description = "Key scope account:billing. application/pdf: "
            + "the invoice issued when the order's payment was confirmed (number INV-<year>-<6 digits>, seller, buyer as "
            + "ordered, lines, discount, tax and total), as an attachment named after its number.")
    @APIResponse(responseCode = "200", description = "The invoice PDF")
    @APIResponse(responseCode = "404", description = "No such order of the caller's, or its payment was not confirmed yet")
    public Response invoice(@PathParam("id") String id) {
        return Views.pdf(orders.invoice(caller().userId(), id));
    }

    @POST
    @Path("/{id}/cancel")
    @Authenticated(scope = BillingPermissions.SCOPE_BILLING)
    @Operation(summary = "Cancel my order", description = "Key scope account:billing. Only before the payment was marked "
            + "sent (pending or awaiting_payment). Audited (order.cancel).")
    @APIResponse(responseCode = "200", description = "Cancelled")
    @APIResponse(responseCode = "404", description = "No such order of the caller's")
    @APIResponse(responseCode = "409", description = "The order is past payment (payment_sent, active) or ended")
    public Views.OrderView cancel(@PathParam("id") String id) {
        return Views.order(orders.cancel(caller().userId(), id));
    }

    @POST
    @Path("/{id}/checkout")
    @Authenticated(scope = BillingPermissions.SCOPE_BILLING)
    @Operation(summary = "Choose how to pay", description = "Key scope account:billing. {paymentMethodId}: an active method "
            + "(GET /api/billing/payment-methods). The order becomes awaiting_payment and answers payment {instructions, "
            + "address, reference}: quote the reference with the payment. Choosing again (another method) keeps the reference. "
            + "Audited (order.checkout).")
    @APIResponse(responseCode = "200", description = "The order with its payment instructions and reference")
    @APIResponse(responseCode = "400", description = "paymentMethodId missing (named in field), or an unknown field")
    @APIResponse(responseCode = "404", description = "No such order of the caller's, or no such active payment method")
    @APIResponse(responseCode = "409", description = "The order is not pending or awaiting payment (free orders need none)")
    public Views.OrderView checkout(@PathParam("id") String id, CheckoutRequest body) {
        Validate.body(body);
        return Views.order(orders.checkout(caller().userId(), id, body.paymentMethodId()));
    }

    @POST
    @Path("/{id}/mark-sent")
    @Authenticated(scope = BillingPermissions.SCOPE_BILLING)
    @Operation(summary = "Say the payment was sent", description = "Key scope account:billing. {reference}: the transaction "
            + "id or reference the money went out under (1 to 200 characters). The order becomes payment_sent, for staff to "
            + "confirm. Audited (order.mark-sent).")
    @APIResponse(responseCode = "200", description = "Marked as sent")
    @APIResponse(responseCode = "400", description = "reference missing or too long (named in field), or an unknown field")
    @APIResponse(responseCode = "404", description = "No such order of the caller's")
    @APIResponse(responseCode = "409", description = "The order is not awaiting payment")
    public Views.OrderView markSent(@PathParam("id") String id, MarkSentRequest body) {
        Validate.body(body);
        return Views.order(orders.markSent(caller().userId(), id, body.reference()));
    }

    private Caller caller() {
        return request.requireCaller();
    }
}
