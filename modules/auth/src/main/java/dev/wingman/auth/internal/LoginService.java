package dev.wingman.auth.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.Secrets;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;

/**
 * Password login, and the second step for accounts with two-factor authentication: the password
 * check yields a short-lived challenge token that a TOTP or recovery code turns into a session.
 */
@ApplicationScoped
public class LoginService {
    private static final Duration CHALLENGE_TTL = Duration.ofMinutes(5);
    private static final int CHALLENGE_ATTEMPTS = 5;

    /** Either a session, or a challenge to answer with a second factor. */
    public record Outcome(User user, SessionService.Issued session, String challengeToken) {
    }

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Users users;

    @Inject
    PasswordHasher hasher;

    @Inject
    SessionService sessions;

    @Inject
    TwoFactorService twoFactor;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    OneTimeClaims claims;

    @Transactional(dontRollbackOn = ApiException.class)
    public Outcome login(String email, String password, String ip, String userAgent) {
        rateLimiter.enforce("login-account", email, 10, 600);
        User user = users.byEmail(email).orElse(null);
        if (!hasher.matches(password, user == null ? null : user.passwordHash)) {
            throw ApiException.unauthorized("Invalid e-mail or password");
        }
        if (user.suspended) {
            throw ApiException.forbidden("Account suspended");
        }
        if (user.totpEnabled) {
            String token = Secrets.random(48);
            LoginChallenge challenge = new LoginChallenge();
            challenge.userId = user.id;
            challenge.tokenHash = Secrets.sha256(token);
            challenge.expiresAt = Instant.now().plus(CHALLENGE_TTL);
            em.persist(challenge);
            return new Outcome(user, null, token);
        }
        return new Outcome(user, startSession(user, ip, userAgent), null);
    }

    /**
     * Exchanges a challenge and a TOTP or recovery code for a session. A wrong code counts against the
     * challenge (five tries), and is committed even though the call fails.
     *
     * <p>The try is counted before the code is looked at, and committed at once, by one conditional
     * UPDATE ({@link OneTimeClaims#challengeTry}) that refuses a challenge that is completed, expired or
     * out of tries: however many tries arrive at once, no more than five codes are ever evaluated.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Outcome completeTwoFactor(String challengeToken, String code, String recoveryCode, String ip, String userAgent) {
        Instant now = Instant.now();
        OneTimeClaims.ChallengeTry attempt = claims.challengeTry(Secrets.sha256(challengeToken), now, CHALLENGE_ATTEMPTS)
                .orElseThrow(() -> ApiException.unauthorized("Login challenge is invalid or expired; log in again"));
        // Checked and used up before this transaction takes a connection (see OneTimeClaims).
        OneTimeClaims.AccountState state = claims.state(attempt.userId())
                .orElseThrow(() -> ApiException.unauthorized("Login challenge is invalid or expired; log in again"));
        if (state.suspended()) {
            throw ApiException.forbidden("Account suspended");
        }
        if (!twoFactor.acceptSecondFactor(state, code, recoveryCode, now)) {
            throw ApiException.unauthorized("Invalid two-factor code");
        }
        if (!claims.completeChallenge(attempt.challengeId(), now)) {
            throw ApiException.unauthorized("Login challenge is invalid or expired; log in again");
        }
        User user = users.require(attempt.userId());
        return new Outcome(user, startSession(user, ip, userAgent), null);
    }

    private SessionService.Issued startSession(User user, String ip, String userAgent) {
        user.lastLoginAt = Instant.now();
        em.createQuery("update User u set u.lastLoginAt = :at where u.id = :id").setParameter("at", user.lastLoginAt)
                .setParameter("id", user.id).executeUpdate();
        return sessions.create(user.id, user.email, ip, userAgent);
    }
}
