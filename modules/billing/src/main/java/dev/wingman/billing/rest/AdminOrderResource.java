package dev.wingman.billing.rest;

import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.internal.BillingContributions;
import dev.wingman.billing.internal.orders.OrderState;
import dev.wingman.billing.internal.orders.Orders;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;

/** Every account's orders for staff, and the staff decisions on manual payments. Decisions are audited. */
@Path("/api/admin/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = "Admin")
@Tag(name = BillingContributions.TAG)
public class AdminOrderResource {
    @Inject
    Orders orders;



    @Inject
    CurrentRequest request;

    /** reference: what the money arrived under; note optional. */
    public record ConfirmRequest(String reference, String note) {
    }

    public record RejectRequest(String reason) {
    }

    @GET
    @RequiresPermission(BillingPermissions.ORDERS_READ)
    @Operation(summary = "All orders", description = "orders:read. Paged, newest first (sort createdAt); filters state, "
            + "accountId, from and to (ISO-8601 instants: placed at or after from, before to).")
    @APIResponse(responseCode = "200", description = "One page of orders")
    @APIResponse(responseCode = "400", description = "A filter, page or sort is invalid (named in field)")
    public Page<Views.OrderView> list(@QueryParam("state") String state, @QueryParam("accountId") String accountId,
                                      @QueryParam("from") String from, @QueryParam("to") String to,
                                      @QueryParam("page") Integer page, @QueryParam("perPage") Integer perPage,
                                      @QueryParam("sort") String sort) {
        OrderState wanted = null;
        if (state != null && !state.isBlank()) {
            wanted = OrderState.parse(state.strip());
            if (wanted == null) {
                throw ApiException.invalidField("state", "must be one of pending, awaiting_payment, payment_sent, active, "
                        + "expired, cancelled, rejected");
            }
        }
        Instant since = Validate.optionalInstant(from, "from");
        Instant until = Validate.optionalInstant(to, "to");
        String account = accountId == null || accountId.isBlank() ? null : Validate.text(accountId, "accountId", 64);
        return orders.search(new Orders.Filter(wanted, account, since, until),
                PageRequest.of(page, perPage, sort, Orders.sortable(), "-createdAt")).map(Views::order);
    }

    @GET
    @Path("/{id}")
    @RequiresPermission(BillingPermissions.ORDERS_READ)
    @Operation(summary = "An order", description = "orders:read. With its history: who moved it, when, why, under which "
            + "reference. " + OrderResource.VIEW)
    @APIResponse(responseCode = "200", description = "The order")
    @APIResponse(responseCode = "404", description = "No such order")
    public Views.OrderView get(@PathParam("id") String id) {
        return Views.order(orders.get(id));
    }

    @GET
    @Path("/{id}/invoice")
    @Produces({"application/pdf", MediaType.APPLICATION_JSON})
    @RequiresPermission(BillingPermissions.ORDERS_READ)
    @Operation(summary = "An order's invoice", description = "orders:read. application/pdf, as the buyer gets it.")
    @APIResponse(responseCode = "200", description = "The invoice PDF")
    @APIResponse(responseCode = "404", description = "No such order, or its payment was not confirmed yet")
    public Response invoice(@PathParam("id") String id) {
        return Views.pdf(orders.invoice(null, id));
    }

    @POST
    @Path("/{id}/confirm-payment")
    @RequiresPermission(BillingPermissions.ORDERS_MANAGE)
    @Operation(summary = "Confirm an order's payment", description = "orders:manage. {reference (1 to 200: what the money "
            + "arrived under), note?}. From awaiting_payment or payment_sent; the order becomes active. Recorded in its "
            + "history with the caller and audited (order.confirm-payment).")
    @APIResponse(responseCode = "200", description = "Confirmed: the order is active")
    @APIResponse(responseCode = "400", description = "reference missing, or a field too long (named in field), or unknown")
    @APIResponse(responseCode = "404", description = "No such order")
    @APIResponse(responseCode = "409", description = "The order is not awaiting payment or payment_sent")
    public Views.OrderView confirm(@PathParam("id") String id, ConfirmRequest body) {
        Validate.body(body);
        return Views.order(orders.confirmPayment(request.requireCaller().userId(), id, body.reference(), body.note()));
    }

    @POST
    @Path("/{id}/reject-payment")
    @RequiresPermission(BillingPermissions.ORDERS_MANAGE)
    @Operation(summary = "Reject an order's payment", description = "orders:manage. {reason} (1 to 1000). From "
            + "awaiting_payment or payment_sent; the order becomes rejected (final). Recorded in its history with the caller "
            + "and audited (order.reject-payment).")
    @APIResponse(responseCode = "200", description = "Rejected")
    @APIResponse(responseCode = "400", description = "reason missing or too long (named in field), or an unknown field")
    @APIResponse(responseCode = "404", description = "No such order")
    @APIResponse(responseCode = "409", description = "The order is not awaiting payment or payment_sent")
    public Views.OrderView reject(@PathParam("id") String id, RejectRequest body) {
        Validate.body(body);
        return Views.order(orders.rejectPayment(request.requireCaller().userId(), id, body.reason()));
    }
}
