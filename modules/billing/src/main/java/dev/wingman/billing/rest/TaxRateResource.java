package dev.wingman.billing.rest;

import dev.wingman.billing.internal.TaxRates;
import dev.wingman.billing.api.BillingPermissions;
import dev.wingman.billing.internal.BillingContributions;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.RequiresPermission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The tax rate table: one rate per country, included in that country's prices or added to them. */
@Path("/api/admin/tax-rates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature(BillingContributions.FLAG)
@Tag(name = "Admin")
@Tag(name = BillingContributions.TAG)
public class TaxRateResource {
    @Inject
    TaxRates rates;

    @GET
    @RequiresPermission(BillingPermissions.TAX_RATES_READ)
    @Operation(summary = "Tax rates", description = "tax-rates:read. Every country's rate, by country code.")
    @APIResponse(responseCode = "200", description = "The rates")
    public List<Views.TaxRateView> list() {
        return rates.list().stream().map(Views::taxRate).toList();
    }

    @GET
    @Path("/{countryCode}")
    @RequiresPermission(BillingPermissions.TAX_RATES_READ)
    @Operation(summary = "A country's tax rate", description = "tax-rates:read.")
    @APIResponse(responseCode = "200", description = "The rate")
    @APIResponse(responseCode = "400", description = "countryCode is no ISO 3166-1 alpha-2 code")
    @APIResponse(responseCode = "404", description = "No rate for this country")
    public Views.TaxRateView get(@PathParam("countryCode") String countryCode) {
        return Views.taxRate(rates.get(countryCode));
    }

    @PUT
    @Path("/{countryCode}")
    @RequiresPermission(BillingPermissions.TAX_RATES_MANAGE)
    @Operation(summary = "Set a country's tax rate", description = "tax-rates:manage. name (VAT, GST; up to 40 "
            + "characters), basisPoints (0 to 10000; 2000 = 20 %), inclusive (the country's prices contain it). Creates or "
            + "replaces. Audited (tax-rate.set).")
    @APIResponse(responseCode = "200", description = "Set")
    @APIResponse(responseCode = "400", description = "countryCode or a field is invalid (named in field)")
    public Views.TaxRateView set(@PathParam("countryCode") String countryCode, TaxRates.Input body) {
        return Views.taxRate(rates.set(countryCode, body));
    }

    @DELETE
    @Path("/{countryCode}")
    @RequiresPermission(BillingPermissions.TAX_RATES_MANAGE)
    @Operation(summary = "Remove a country's tax rate", description = "tax-rates:manage. Buyers there pay no tax. "
            + "Audited (tax-rate.delete).")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "countryCode is no ISO 3166-1 alpha-2 code")
    @APIResponse(responseCode = "404", description = "No rate for this country")
    public Response delete(@PathParam("countryCode") String countryCode) {
        rates.delete(countryCode);
        return Response.noContent().build();
    }
}
