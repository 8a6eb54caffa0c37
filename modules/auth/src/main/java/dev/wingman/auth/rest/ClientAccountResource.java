package dev.wingman.auth.rest;

import dev.wingman.platform.api.JsonSupport;
import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.auth.internal.AccountActivity;
import dev.wingman.auth.internal.AccountService;
import dev.wingman.auth.internal.ApiKey;
import dev.wingman.auth.internal.ApiKeyService;
import dev.wingman.auth.internal.PasswordPolicy;
import dev.wingman.auth.internal.TwoFactorService;
import dev.wingman.auth.internal.User;
import dev.wingman.auth.internal.Users;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pterodactyl's client account API ({@code /api/client/account}: AccountController,
 * ApiKeyController, TwoFactorController, ActivityLogController) over Wingman's own accounts: the
 * same services as {@code /api/users/me}, {@code /api/apikeys} and {@code /api/auth/2fa}, in
 * Pterodactyl's shapes and statuses. Always the caller's own account; an API key needs
 * {@code account:security} in its scope for everything but reading the account. Missing or
 * invalid fields are 422 naming {@code field}, a wrong password 400, as Pterodactyl answers.
 * The SSH keys are {@link ClientSshKeyResource}.
 */
@Path("/api/client/account")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.SECURITY)
@Tag(name = "Pterodactyl client API")
public class ClientAccountResource {
    /** Pterodactyl's limit of account API keys (Wingman's own endpoint allows more). */
    static final int MAX_KEYS = 25;
    /** What a key made here may do: everything the account may, as a Pterodactyl client key can. */
    static final Set<String> CLIENT_KEY_SCOPE = Set.of("*");

    @Inject
    Users users;

    @Inject
    AccountService accounts;

    @Inject
    ApiKeyService keys;

    @Inject
    TwoFactorService twoFactor;

    @Inject
    AccountActivity activity;

    @Inject
    CurrentRequest request;

    public record EmailRequest(String email, String password) {
    }

    public record PasswordRequest(String current_password, String password, String password_confirmation) {
    }

    public record ApiKeyRequest(String description, List<String> allowed_ips) {
    }

    public record EnableTwoFactorRequest(String code, String password) {
    }

    /** Pterodactyl asks for the password alone; Wingman also for a current code or a recovery code, as its own endpoint. */
    public record DisableTwoFactorRequest(String password, String code, String recovery_code) {
    }

    @GET
    @Authenticated(scope = Scopes.NONE)
    @Operation(summary = "My account (Pterodactyl client API)", description = "object user: id (integer), uuid, admin "
            + "(holds *), username (the e-mail's local part), email, first_name and last_name (the name split at its "
            + "first space), language (en), 2fa_enabled. Any credential of the account may read it.")
    @APIResponse(responseCode = "200", description = "{object: user, attributes}")
    public JsonObject account() {
        User user = users.byIdWithRoles(request.requireCaller().userId()).orElseThrow(() -> ApiException.notFound("User not found"));
        String name = user.name().strip();
        int space = name.indexOf(' ');
        return JSON.createObjectBuilder().add("object", "user").add("attributes", JSON.createObjectBuilder()
                .add("id", user.internalId())
                .add("uuid", user.id())
                .add("admin", user.permissions().contains("*"))
                .add("username", username(user.email()))
                .add("email", user.email())
                .add("first_name", space < 0 ? name : name.substring(0, space))
                .add("last_name", space < 0 ? "" : name.substring(space + 1).strip())
                .add("language", "en")
                .add("2fa_enabled", user.totpEnabled())).build();
    }

    @PUT
    @Path("/email")
    @RateLimit(name = "email-change", limit = 5, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Change my e-mail address (Pterodactyl client API)", description = "email and the account's "
            + "password → 204. The new address is the login from then on; sessions and API keys stay. Logged as "
            + "user:account.email-changed. 5 an hour per account (email-change).")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "The password is wrong (field password), or a field of the wrong type")
    @APIResponse(responseCode = "409", description = "Another account took the address at the same moment")
    @APIResponse(responseCode = "422", description = "email or password missing or invalid, or the address is taken: "
            + "named in field")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public Response email(EmailRequest body) {
        Validate.body(body);
        String email = unprocessable(() -> Validate.email(body.email(), "email"));
        String password = secret(body.password(), "password");
        accounts.changeEmail(request.requireCaller(), email, password, "password",
                () -> invalid("email", "The email has already been taken."));
        return Response.noContent().build();
    }

    @PUT
    @Path("/password")
    @RateLimit(name = "password-change", limit = 5, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Change my password (Pterodactyl client API)", description = "current_password, password "
            + "(10 to 256 characters with a letter and a digit or symbol) and password_confirmation → 204. As "
            + "PUT /api/users/me: every other session ends, as do pending two-factor logins; API keys stay. Logged as "
            + "user:account.password-changed. Shares the password-change limit (5 an hour per account) with "
            + "PUT /api/users/me.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400", description = "current_password is wrong, or a field of the wrong type")
    @APIResponse(responseCode = "422", description = "A field missing, the new password too weak, or the confirmation "
            + "differs: named in field")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public Response password(PasswordRequest body) {
        Validate.body(body);
        Caller caller = request.requireCaller();
        String current = secret(body.current_password(), "current_password");
        String next = unprocessable(() -> PasswordPolicy.check(body.password(), caller.email(), "password"));
        if (!next.equals(body.password_confirmation())) {
            throw invalid("password", "The password confirmation does not match.");
        }
        accounts.changePassword(caller, new AccountService.PasswordChange(current, "current_password", next, "password"));
        return Response.noContent().build();
    }

    @GET
    @Path("/api-keys")
    @Operation(summary = "My API keys (Pterodactyl client API)", description = "Every key of the account (also those "
            + "made at /api/apikeys), newest first, as api_key objects: identifier, description, allowed_ips (always "
            + "empty), last_used_at, created_at. No secret is ever shown again.")
    @APIResponse(responseCode = "200", description = "{object: list, data: [{object: api_key, attributes}]}")
    public JsonObject apiKeys() {
        JsonArrayBuilder data = JSON.createArrayBuilder();
        keys.list(request.requireCaller().userId()).forEach(k -> data.add(apiKey(k)));
        return JSON.createObjectBuilder().add("object", "list").add("data", data).build();
    }

    @POST
    @Path("/api-keys")
    @RateLimit(name = "apikey-create", limit = 20, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Create an API key (Pterodactyl client API)", description = "description (up to 500 "
            + "characters); allowed_ips must be empty or left out, since Wingman's keys are not bound to addresses. "
            + "The key may do everything the account may (scope *, as a Pterodactyl client key), so only a session or "
            + "a key scoped * can make one. At most 25 keys per account here. The secret is in meta.secret_token, "
            + "this once. Logged as user:api-key.create.")
    @APIResponse(responseCode = "200", description = "{object: api_key, attributes, meta: {secret_token}}")
    @APIResponse(responseCode = "403", description = "The calling API key is not scoped *: it cannot make a key that may "
            + "do more than itself")
    @APIResponse(responseCode = "409", description = "The account holds 25 keys already")
    @APIResponse(responseCode = "422", description = "description missing or too long, or allowed_ips not empty: named "
            + "in field")
    public JsonObject createApiKey(ApiKeyRequest body) {
        Validate.body(body);
        String description = required(body.description(), "description", 500);
        if (body.allowed_ips() != null && !body.allowed_ips().isEmpty()) {
            throw invalid("allowed_ips", "Wingman's API keys cannot be limited to addresses; leave allowed_ips empty.");
        }
        ApiKeyService.Created created = keys.create(request.requireCaller(), description, CLIENT_KEY_SCOPE, null, MAX_KEYS);
        return JSON.createObjectBuilder(apiKey(created.key()))
                .add("meta", JSON.createObjectBuilder().add("secret_token", created.secret())).build();
    }

    @DELETE
    @Path("/api-keys/{identifier}")
    @Operation(summary = "Revoke an API key (Pterodactyl client API)", description = "By its identifier → 204; it stops "
            + "working at once on every instance. Logged as user:api-key.delete.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "You have no key with this identifier")
    public Response deleteApiKey(@PathParam("identifier") String identifier) {
        keys.delete(request.requireCaller().userId(), identifier);
        return Response.noContent().build();
    }

    @GET
    @Path("/two-factor")
    @RateLimit(name = "2fa-setup", limit = 20, windowSeconds = 3600, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Start two-factor enrolment (Pterodactyl client API)", description = "A new TOTP secret: "
            + "{data: {image_url_data, secret}}, image_url_data being the otpauth:// URI an authenticator app reads "
            + "(from a QR code). Each call replaces the pending secret; nothing changes until it is enabled.")
    @APIResponse(responseCode = "200", description = "{data: {image_url_data, secret}}")
    @APIResponse(responseCode = "409", description = "Two-factor authentication is enabled already")
    public JsonObject twoFactorSetup() {
        TwoFactorService.Enrolment enrolment = twoFactor.begin(request.requireCaller().userId());
        return JSON.createObjectBuilder().add("data", JSON.createObjectBuilder()
                .add("image_url_data", enrolment.otpauthUri()).add("secret", enrolment.secret())).build();
    }

    @POST
    @Path("/two-factor")
    @RateLimit(name = "2fa-verify", limit = 5, windowSeconds = 300, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Enable two-factor authentication (Pterodactyl client API)", description = "code (from the "
            + "authenticator app, for the secret of GET two-factor) and the account's password → {object: "
            + "recovery_tokens, attributes: {tokens}}: ten recovery codes, shown this once. A code's 30-second step "
            + "counts once. Logged as user:two-factor.create. Shares the 2fa-verify limit with /api/auth/2fa.")
    @APIResponse(responseCode = "200", description = "Enabled")
    @APIResponse(responseCode = "400", description = "Wrong password, a code that does not match or was used, or a "
            + "field of the wrong type")
    @APIResponse(responseCode = "409", description = "Enabled already, or no enrolment started")
    @APIResponse(responseCode = "422", description = "code or password missing: named in field")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public JsonObject enableTwoFactor(EnableTwoFactorRequest body) {
        Validate.body(body);
        String code = required(body.code(), "code", 12);
        String password = secret(body.password(), "password");
        JsonArrayBuilder tokens = JSON.createArrayBuilder();
        twoFactor.confirm(request.requireCaller().userId(), code, password).forEach(tokens::add);
        return JSON.createObjectBuilder().add("object", "recovery_tokens")
                .add("attributes", JSON.createObjectBuilder().add("tokens", tokens)).build();
    }

    @DELETE
    @Path("/two-factor")
    @RateLimit(name = "2fa-verify", limit = 5, windowSeconds = 300, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Disable two-factor authentication (Pterodactyl client API)", description = DISABLE)
    @APIResponse(responseCode = "204", description = "Disabled")
    @APIResponse(responseCode = "400", description = "Wrong password, a wrong or used code, or a field of the wrong type")
    @APIResponse(responseCode = "409", description = "Not enabled")
    @APIResponse(responseCode = "422", description = "password missing, or neither code nor recovery_code: named in field")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public Response disableTwoFactor(DisableTwoFactorRequest body) {
        Validate.body(body);
        String password = secret(body.password(), "password");
        if (blank(body.code()) && blank(body.recovery_code())) {
            throw invalid("code", "A current two-factor code or a recovery_code is required.");
        }
        twoFactor.disable(request.requireCaller().userId(), password, body.code(), body.recovery_code());
        return Response.noContent().build();
    }

    private static final String DISABLE = "password and a current code (or an unused recovery_code) → 204. Pterodactyl "
            + "asks for the password alone; Wingman's own /api/auth/2fa/disable asks for the second factor too, and this "
            + "endpoint is no way around it. Logged as user:two-factor.delete. Shares the 2fa-verify limit.";

    @POST
    @Path("/two-factor/disable")
    @RateLimit(name = "2fa-verify", limit = 5, windowSeconds = 300, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Disable two-factor authentication (newer Pterodactyl client API)", description = DISABLE)
    @APIResponse(responseCode = "204", description = "Disabled")
    @APIResponse(responseCode = "400", description = "Wrong password, a wrong or used code, or a field of the wrong type")
    @APIResponse(responseCode = "409", description = "Not enabled")
    @APIResponse(responseCode = "422", description = "password missing, or neither code nor recovery_code: named in field")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public Response disableTwoFactorByPost(DisableTwoFactorRequest body) {
        return disableTwoFactor(body);
    }

    @GET
    @Path("/activity")
    @Operation(summary = "My account's activity (Pterodactyl client API)", description = "What happened to the account "
            + "(e-mail and password changes, API keys, SSH keys, two-factor authentication, administrators' changes) as "
            + "activity_log objects with Pterodactyl's user: events; the ip only where you were the actor. page, "
            + "per_page (at most 100, default 25), sort timestamp or -timestamp (default newest first), filter[event] "
            + "(one event, e.g. user:api-key.create).")
    @APIResponse(responseCode = "200", description = "{object: list, data: [{object: activity_log, attributes}], meta: {pagination}}")
    public JsonObject activity(@QueryParam("page") Integer page, @QueryParam("per_page") Integer perPage,
                               @QueryParam("sort") String sort, @QueryParam("filter[event]") String event) {
        Caller caller = request.requireCaller();
        String order = sort == null ? "-createdAt" : sort.replace("timestamp", "createdAt");
        PageRequest paging = PageRequest.of(page, perPage == null ? 25 : perPage, order, AccountActivity.SORTABLE, "-createdAt");
        Page<AuditTrail.Entry> entries = activity.of(caller.userId(), event == null || event.isBlank() ? null : event.strip(),
                paging);
        JsonArrayBuilder data = JSON.createArrayBuilder();
        entries.data().forEach(entry -> data.add(activityLog(entry, caller.userId())));
        return JSON.createObjectBuilder().add("object", "list").add("data", data).add("meta", JSON.createObjectBuilder()
                .add("pagination", JSON.createObjectBuilder().add("total", entries.meta().total())
                        .add("count", entries.data().size()).add("per_page", entries.meta().perPage())
                        .add("current_page", entries.meta().page())
                        .add("total_pages", Math.max(1, entries.meta().totalPages())).add("links", JSON.createObjectBuilder())))
                .build();
    }

    private static JsonObject activityLog(AuditTrail.Entry entry, String viewerId) {
        JsonObjectBuilder properties = JSON.createObjectBuilder();
        entry.details().forEach((key, value) -> {
            if (!key.equals(AccountActivity.API_MARK)) {
                properties.add(key, value == null ? JsonValue.NULL : JSON.createValue(String.valueOf(value)));
            }
        });
        JsonObject props = properties.build();
        boolean own = viewerId.equals(entry.actorId());
        JsonObjectBuilder attributes = JSON.createObjectBuilder().add("id", entry.id()).addNull("batch")
                .add("event", AccountActivity.pterodactylEvent(entry.action()))
                .add("is_api", Boolean.TRUE.equals(entry.details().get(AccountActivity.API_MARK)));
        if (own && entry.ip() != null) {
            attributes.add("ip", entry.ip());
        } else {
            attributes.addNull("ip");
        }
        attributes.addNull("description").add("properties", props).add("has_additional_metadata", !props.isEmpty())
                .add("timestamp", JsonSupport.atom(entry.createdAt()));
        return JSON.createObjectBuilder().add("object", "activity_log").add("attributes", attributes).build();
    }

    private static JsonObject apiKey(ApiKey key) {
        return JSON.createObjectBuilder().add("object", "api_key").add("attributes", JSON.createObjectBuilder()
                .add("identifier", key.id())
                .add("description", key.name())
                .add("allowed_ips", JSON.createArrayBuilder())
                .add("last_used_at", JsonSupport.atomOrNull(key.lastUsedAt()))
                .add("created_at", JsonSupport.atom(key.createdAt()))).build();
    }

    private static String username(String email) {
        int at = email.indexOf('@');
        return at < 0 ? email : email.substring(0, at);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Pterodactyl's validation failure: 422 naming the field. */
    private static ApiException invalid(String field, String message) {
        return new ApiException(422, message, Map.of("field", field), Map.of());
    }

    private static String required(String value, String field, int max) {
        return unprocessable(() -> Validate.text(value, field, max));
    }

    /** A password as typed (not trimmed): required, and no longer than any password can be. */
    private static String secret(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw invalid(field, "The " + field + " field is required.");
        }
        if (value.length() > 1024) {
            throw invalid(field, "The " + field + " may not be greater than 1024 characters.");
        }
        return value;
    }

    /** Wingman's validation (400 naming a field) as Pterodactyl answers it: 422 with the same field and message. */
    private static String unprocessable(java.util.function.Supplier<String> check) {
        try {
            return check.get();
        } catch (ApiException e) {
            if (e.status() == 400 && e.extra().containsKey("field")) {
                throw new ApiException(422, e.getMessage(), e.extra(), e.headers());
            }
            throw e;
        }
    }
}
