package dev.wingman.organisations.rest;

import dev.wingman.organisations.internal.DnsProvider;
import dev.wingman.organisations.internal.DnsService;
import dev.wingman.organisations.internal.DnsZone;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

@Path("/api/organisations/{id}/dns/zones")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Feature("dns")
@Authenticated(scope = Scopes.RESOURCE, grant = "organisation:dns:*")
@Tag(name = "Organisations")
public class DnsResource {
    @Inject
    DnsService dns;

    @Inject
    CurrentRequest request;

    public record ZoneRequest(String name, String apiToken) {
    }

    /**
     * ownToken: the zone uses the organisation's provider token rather than the panel's (never shown).
     * status: {@code unverified} until the proof is found, then the provider's ({@code pending}
     * until its name servers are in use, then {@code active}). verification: the TXT record to
     * publish, until the zone is verified.
     */
    public record ZoneView(String id, String name, String provider, String status, List<String> nameServers, boolean ownToken,
                           ProofView verification, Instant verifiedAt, Instant createdAt) {
    }

    /** Publish a TXT record {@code name} holding {@code value} before {@code expiresAt}, then verify. */
    public record ProofView(String type, String name, String value, Instant expiresAt) {
    }

    /** For SRV: name _service._proto.host with priority, weight, port and target; otherwise content. */
    public record RecordRequest(String type, String name, String content, Integer ttl, Boolean proxied, Integer priority,
                                Integer weight, Integer port, String target) {
        DnsProvider.DnsRecord toRecord() {
            return new DnsProvider.DnsRecord(null, type, name, content, ttl == null ? 1 : ttl, Boolean.TRUE.equals(proxied),
                    priority, weight, port, target);
        }
    }

    private static ZoneView view(DnsZone z) {
        ProofView proof = z.stage() == DnsZone.Stage.TAKEN ? null
                : new ProofView("TXT", z.proofName(), z.proofValue(), z.proofExpiresAt());
        return new ZoneView(z.id(), z.name(), z.provider(), z.status(), z.nameServers(), z.ownToken(), proof, z.verifiedAt(),
                z.createdAt());
    }

    @GET
    @Operation(summary = "DNS zones", description = "The organisation's zones (feature flag dns).")
    public List<ZoneView> zones(@PathParam("id") String id) {
        return dns.zones(request.requireCaller(), id).stream().map(DnsResource::view).toList();
    }

    @GET
    @Path("/{zoneId}")
    @Operation(summary = "A DNS zone", description = "With the TXT record to publish while it is unverified.")
    public ZoneView zone(@PathParam("id") String id, @PathParam("zoneId") String zoneId) {
        return view(dns.zone(request.requireCaller(), id, zoneId));
    }

    @POST
    @RateLimit(name = "dns-zone", limit = 6, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Claim a DNS zone", description = "Claims the domain for the organisation, status unverified, "
            + "and answers the TXT record (verification) that proves control of it; nothing reaches the provider and no "
            + "one else is blocked until POST .../verify finds the record. An unverified claim expires (7 days by default). "
            + "apiToken: the organisation's own provider token, stored encrypted; without it the panel's is used.")
    @APIResponse(responseCode = "201", description = "Claimed, unverified")
    @APIResponse(responseCode = "409", description = "Taken by an organisation already, claimed by this one already, "
            + "or too many unverified claims")
    public Response createZone(@PathParam("id") String id, ZoneRequest body) {
        Validate.body(body);
        DnsZone zone = dns.claimZone(request.requireCaller(), id, Validate.text(body.name(), "name", 253),
                Validate.optionalText(body.apiToken(), "apiToken", 200));
        return Response.status(201).entity(view(zone)).build();
    }

    @POST
    @Path("/{zoneId}/verify")
    @RateLimit(name = "dns-verify", limit = 12, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Verify a DNS zone", description = "Looks up the claim's TXT record; when it holds the value, "
            + "creates the zone at the provider (Cloudflare) and answers it with its name servers. A verified zone "
            + "answers as it is.")
    @APIResponse(responseCode = "200", description = "Verified and created at the provider")
    @APIResponse(responseCode = "409", description = "The TXT record is not there (the body names it and what was "
            + "found), or another organisation took the name first")
    @APIResponse(responseCode = "502", description = "The DNS lookup failed, or the provider refused, with its message")
    public ZoneView verifyZone(@PathParam("id") String id, @PathParam("zoneId") String zoneId) {
        return view(dns.verifyZone(request.requireCaller(), id, zoneId));
    }

    @DELETE
    @Path("/{zoneId}")
    @RateLimit(name = "dns-zone", limit = 6, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Remove a DNS zone", description = "Deletes it at the provider too; a claim is only forgotten.")
    @APIResponse(responseCode = "502", description = "The provider refused, with its message")
    @APIResponse(responseCode = "204", description = "Removed")
    public Response deleteZone(@PathParam("id") String id, @PathParam("zoneId") String zoneId) {
        dns.deleteZone(request.requireCaller(), id, zoneId);
        return Response.noContent().build();
    }

    @GET
    @Path("/{zoneId}/records")
    @Operation(summary = "DNS records", description = "A, AAAA, CNAME, SRV and TXT records, read from the provider.")
    @APIResponse(responseCode = "409", description = "The zone is not verified yet")
    @APIResponse(responseCode = "502", description = "The provider refused, with its message")
    public List<DnsProvider.DnsRecord> records(@PathParam("id") String id, @PathParam("zoneId") String zoneId) {
        return dns.records(request.requireCaller(), id, zoneId);
    }

    @POST
    @Path("/{zoneId}/records")
    @RateLimit(name = "dns-record", limit = 20, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Add a DNS record", description = "type A, AAAA, CNAME, SRV or TXT; name relative to the zone, "
            + "full, or @; ttl 1 (automatic) or 60 to 86400; proxied for A, AAAA and CNAME.")
    @APIResponse(responseCode = "409", description = "The zone is not verified yet")
    @APIResponse(responseCode = "502", description = "The provider refused, with its message")
    @APIResponse(responseCode = "201", description = "Created")
    public Response createRecord(@PathParam("id") String id, @PathParam("zoneId") String zoneId, RecordRequest body) {
        Validate.body(body);
        return Response.status(201).entity(dns.createRecord(request.requireCaller(), id, zoneId, body.toRecord())).build();
    }

    @PUT
    @Path("/{zoneId}/records/{recordId}")
    @RateLimit(name = "dns-record", limit = 20, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Replace a DNS record")
    @APIResponse(responseCode = "409", description = "The zone is not verified yet")
    @APIResponse(responseCode = "502", description = "The provider refused, with its message")
    public DnsProvider.DnsRecord updateRecord(@PathParam("id") String id, @PathParam("zoneId") String zoneId,
                                              @PathParam("recordId") String recordId, RecordRequest body) {
        Validate.body(body);
        return dns.updateRecord(request.requireCaller(), id, zoneId, recordId, body.toRecord());
    }

    @DELETE
    @Path("/{zoneId}/records/{recordId}")
    @RateLimit(name = "dns-record", limit = 20, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Delete a DNS record")
    @APIResponse(responseCode = "409", description = "The zone is not verified yet")
    @APIResponse(responseCode = "502", description = "The provider refused, with its message")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response deleteRecord(@PathParam("id") String id, @PathParam("zoneId") String zoneId, @PathParam("recordId") String recordId) {
        dns.deleteRecord(request.requireCaller(), id, zoneId, recordId);
        return Response.noContent().build();
    }
}
