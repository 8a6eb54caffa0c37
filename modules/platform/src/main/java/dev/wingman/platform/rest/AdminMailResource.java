package dev.wingman.platform.rest;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Mail;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.PlatformPermissions;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.StoredEnum;
import dev.wingman.platform.internal.MailOutbox;
import dev.wingman.platform.internal.MailState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.Set;

/** The mail outbox for administrators: what was sent, what waits and what failed, and a test message. */
@Path("/api/admin/mail")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Admin")
public class AdminMailResource {
    @Inject
    MailOutbox outbox;

    @Inject
    AuditTrail audit;

    /** The body of a test message: where to send it. */
    public record TestMail(String to) {
    }

    @GET
    @RequiresPermission(PlatformPermissions.MAIL_READ)
    @Operation(summary = "The mail outbox", description = "mail:read. Paged, newest first; ?state=queued, sent or failed. "
            + "Each message's recipient, subject, state, tries, last SMTP error and times; never its body.")
    @APIResponse(responseCode = "200", description = "One page of messages")
    @APIResponse(responseCode = "400", description = "state is not queued, sent or failed (named in field)")
    public Page<MailOutbox.Summary> list(@QueryParam("state") String state, @QueryParam("page") Integer page,
                                         @QueryParam("perPage") Integer perPage) {
        MailState wanted;
        try {
            wanted = state == null || state.isEmpty() ? null : StoredEnum.of(MailState.class, state);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("state", "must be queued, sent or failed");
        }
        return outbox.search(wanted, PageRequest.of(page, perPage, null, Set.of("createdAt"), "-createdAt"));
    }

    @POST
    @Path("/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresPermission(PlatformPermissions.MAIL_MANAGE)
    @RateLimit(name = "mail-test", limit = 10, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Transactional
    @Operation(summary = "Send a test message", description = "mail:manage. {to}: queues a short message to that address "
            + "through the outbox, as any mail of the panel goes; see its delivery in the outbox list. Audited (mail.test).")
    @APIResponse(responseCode = "202", description = "Queued: {id}")
    @APIResponse(responseCode = "400", description = "to is missing or not one e-mail address (named in field), or a field is unknown")
    @APIResponse(responseCode = "429", description = "More than 10 test messages an hour from this account")
    public Response test(TestMail body) {
        if (body == null || body.to() == null || body.to().isBlank()) {
            throw ApiException.invalidField("to", "is required");
        }
        Mail mail;
        try {
            mail = Mail.of(body.to().strip(), "Wingman test message",
                    "This message was sent from the Wingman panel to check its mail settings.\n"
                            + "If you can read it, the panel can send mail.\n");
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("to", "must be one e-mail address");
        }
        String id = outbox.send(mail);
        audit.record(PlatformPermissions.AUDIT_MAIL_TEST, "mail", id, Map.of("to", mail.to()));
        return Response.accepted(Map.of("id", id)).build();
    }
}
