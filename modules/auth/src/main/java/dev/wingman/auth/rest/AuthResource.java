package dev.wingman.auth.rest;

import dev.wingman.auth.internal.LoginService;
import dev.wingman.auth.internal.SessionService;
import dev.wingman.auth.internal.TwoFactorService;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Scopes;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Authentication")
public class AuthResource {
    @Inject
    LoginService logins;

    @Inject
    SessionService sessions;

    @Inject
    TwoFactorService twoFactor;

    @Inject
    CurrentRequest request;

    @Inject
    SessionCookie cookie;

    @POST
    @Path("/login")
    @RateLimit(name = "login-ip", limit = 20, windowSeconds = 60)
    @Operation(summary = "Log in", description = "E-mail and password. Answers a session token (also set as the HttpOnly "
            + "'session' cookie), or {twoFactorRequired: true, tempToken} when the account uses two-factor authentication. "
            + "Limited to 20 attempts a minute per IP and 10 per 10 minutes per account.")
    @APIResponse(responseCode = "200", description = "Logged in, or a second factor is required")
    @APIResponse(responseCode = "401", description = "Wrong e-mail or password")
    @APIResponse(responseCode = "403", description = "Account suspended")
    @APIResponse(responseCode = "429", description = "Too many attempts; see Retry-After")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public Response login(Views.LoginRequest body) {
        Validate.body(body);
        String email = Validate.email(body.email(), "email");
        String password = Validate.text(body.password(), "password", 1024);
        return respond(logins.login(email, password, request.clientIp(), request.userAgent()));
    }

    @POST
    @Path("/2fa/verify-login")
    @RateLimit(name = "2fa-login-ip", limit = 10, windowSeconds = 60)
    @Operation(summary = "Finish a two-factor login", description = "Exchanges the tempToken from /login and a TOTP code "
            + "(or an unused recovery code) for a session. Five tries end the challenge, however many arrive at once; a TOTP "
            + "code (its 30-second step) and a recovery code are accepted once.")
    @APIResponse(responseCode = "200", description = "Logged in")
    @APIResponse(responseCode = "400", description = "Neither code nor recoveryCode")
    @APIResponse(responseCode = "401", description = "Invalid, expired, completed or spent challenge, or a wrong or used code")
    @APIResponse(responseCode = "403", description = "Account suspended")
    @APIResponse(responseCode = "429", description = "Too many attempts; see Retry-After")
    public Response verifyLogin(Views.VerifyLoginRequest body) {
        Validate.body(body);
        String token = Validate.text(body.tempToken(), "tempToken", 200);
        if ((body.code() == null || body.code().isBlank()) && (body.recoveryCode() == null || body.recoveryCode().isBlank())) {
            throw ApiException.invalidField("code", "a TOTP code or a recoveryCode is required");
        }
        return respond(logins.completeTwoFactor(token, body.code(), body.recoveryCode(), request.clientIp(), request.userAgent()));
    }

    private Response respond(LoginService.Outcome outcome) {
        if (outcome.challengeToken() != null) {
            return Response.ok(new Views.LoginResponse(null, null, null, null, true, outcome.challengeToken())).build();
        }
        SessionService.Issued issued = outcome.session();
        return Response.ok(new Views.LoginResponse(issued.token(), issued.session().expiresAt(), issued.session().id(),
                        Mappers.user(outcome.user()), null, null))
                .cookie(cookie.issue(issued.token(), issued.session().expiresAt()))
                .build();
    }

    @POST
    @Path("/logout")
    @Authenticated(scope = Scopes.NONE)
    @Operation(summary = "Log out", description = "Ends the current session and clears the cookie.")
    @APIResponse(responseCode = "204", description = "Logged out")
    public Response logout() {
        Caller caller = request.requireCaller();
        if (caller.sessionId() != null) {
            sessions.revoke(caller.userId(), caller.sessionId());
        }
        return Response.noContent().cookie(cookie.clear()).build();
    }

    @POST
    @Path("/2fa/setup")
    @Authenticated(scope = Scopes.SECURITY)
    @Operation(summary = "Start two-factor enrolment", description = "A new TOTP secret and its otpauth:// URI for an "
            + "authenticator app. It takes effect only after /2fa/verify.")
    public Views.TwoFactorSetupResponse setupTwoFactor() {
        TwoFactorService.Enrolment enrolment = twoFactor.begin(request.requireCaller().userId());
        return new Views.TwoFactorSetupResponse(enrolment.secret(), enrolment.otpauthUri());
    }

    @POST
    @Path("/2fa/verify")
    @Authenticated(scope = Scopes.SECURITY)
    @RateLimit(name = "2fa-verify", limit = 5, windowSeconds = 300, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Enable two-factor authentication", description = "Confirms enrolment with a current code and "
            + "answers ten one-time recovery codes, shown only this once. The code's step is used up.")
    @APIResponse(responseCode = "200", description = "Enabled")
    @APIResponse(responseCode = "400", description = "The code does not match, or its step was used already")
    @APIResponse(responseCode = "409", description = "Already enabled, or no enrolment started")
    @APIResponse(responseCode = "429", description = "Too many attempts; see Retry-After")
    public Views.RecoveryCodesResponse verifyTwoFactor(Views.CodeRequest body) {
        Validate.body(body);
        return new Views.RecoveryCodesResponse(twoFactor.confirm(request.requireCaller().userId(),
                Validate.text(body.code(), "code", 12)));
    }

    @POST
    @Path("/2fa/disable")
    @Authenticated(scope = Scopes.SECURITY)
    @RateLimit(name = "2fa-verify", limit = 5, windowSeconds = 300, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Disable two-factor authentication", description = "Needs the password and a current code or a "
            + "recovery code (each accepted once).")
    @APIResponse(responseCode = "204", description = "Disabled")
    @APIResponse(responseCode = "400", description = "Wrong password, or a wrong or used code")
    @APIResponse(responseCode = "409", description = "Not enabled")
    @APIResponse(responseCode = "429", description = "Too many attempts; see Retry-After")
    @APIResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    public Response disableTwoFactor(Views.DisableTwoFactorRequest body) {
        Validate.body(body);
        twoFactor.disable(request.requireCaller().userId(), body.password(), body.code(), body.recoveryCode());
        return Response.noContent().build();
    }

    @POST
    @Path("/2fa/recovery-codes")
    @Authenticated(scope = Scopes.SECURITY)
    @RateLimit(name = "2fa-verify", limit = 5, windowSeconds = 300, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Replace recovery codes", description = "Needs a current code; the old codes stop working.")
    @APIResponse(responseCode = "200", description = "New codes")
    @APIResponse(responseCode = "400", description = "A wrong or used code")
    @APIResponse(responseCode = "409", description = "Not enabled")
    @APIResponse(responseCode = "429", description = "Too many attempts; see Retry-After")
    public Views.RecoveryCodesResponse regenerateRecoveryCodes(Views.CodeRequest body) {
        Validate.body(body);
        return new Views.RecoveryCodesResponse(twoFactor.regenerate(request.requireCaller().userId(),
                Validate.text(body.code(), "code", 12)));
    }
}
