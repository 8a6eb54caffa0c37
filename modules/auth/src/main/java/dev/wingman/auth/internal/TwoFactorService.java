package dev.wingman.auth.internal;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.auth.api.AuthPermissions;
import dev.wingman.platform.api.Secrets;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * TOTP enrolment (setup, confirm with a first code, disable) and one-time recovery codes. The
 * secret only becomes active once a code from the authenticator app has proved it was saved.
 */
@ApplicationScoped
public class TwoFactorService {
    private static final int RECOVERY_CODES = 10;

    public record Enrolment(String secret, String otpauthUri) {
    }

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    Users users;

    @Inject
    PasswordHasher hasher;

    @Inject
    OneTimeClaims claims;

    @Inject
    AccountActivity activity;

    /** TOTP secrets are needed in clear to check codes, so they are sealed rather than hashed. */
    @Inject
    SecretBox secrets;

    @Inject
    @ConfigProperty(name = "wingman.auth.totp-issuer", defaultValue = "Wingman")
    String issuer;

    @Transactional
    public Enrolment begin(String userId) {
        User user = users.require(userId);
        if (user.totpEnabled) {
            throw ApiException.conflict("Two-factor authentication is already enabled; disable it first");
        }
        String secret = Totp.newSecret();
        user.totpPendingSecret = secrets.seal(secret);
        return new Enrolment(secret, Totp.otpauthUri(issuer, user.email, secret));
    }

    /*
     * Every check below reads the account through OneTimeClaims.state and uses codes up through
     * OneTimeClaims before this transaction touches the database itself: each of those commits on
     * its own connection, and a request holding a connection while it waits for another one could,
     * with enough of them at once, exhaust the pool.
     */

    /** Activates the pending secret if the code matches, and returns fresh recovery codes (shown once). */
    @Transactional(dontRollbackOn = ApiException.class)
    public List<String> confirm(String userId, String code) {
        return activate(account(userId), code);
    }

    /**
     * As {@link #confirm(String, String)}, given the account's password as well (Pterodactyl's way
     * of enabling): a wrong one is refused before the code is looked at, so it uses up no step.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public List<String> confirm(String userId, String code, String password) {
        OneTimeClaims.AccountState state = account(userId);
        requirePassword(state, password);
        return activate(state, code);
    }

    private List<String> activate(OneTimeClaims.AccountState state, String code) {
        String userId = state.userId();
        if (state.totpEnabled()) {
            throw ApiException.conflict("Two-factor authentication is already enabled");
        }
        if (state.totpPendingSecret() == null) {
            throw ApiException.conflict("No two-factor enrolment has been started; start one first");
        }
        OptionalLong step = Totp.verify(secrets.open(state.totpPendingSecret()), code, Instant.now(), state.totpLastStep());
        if (step.isEmpty() || !claims.totpStep(userId, step.getAsLong())) {
            throw ApiException.invalidField("code", "does not match the authenticator app, or was used already; "
                    + "check the device clock");
        }
        User user = users.require(userId);
        if (user.totpEnabled || !state.totpPendingSecret().equals(user.totpPendingSecret)) {
            throw ApiException.conflict("Two-factor enrolment changed meanwhile; start it again");
        }
        user.totpSecret = user.totpPendingSecret;
        user.totpPendingSecret = null;
        user.totpEnabled = true;
        activity.record(AuthPermissions.AUDIT_TWO_FACTOR_ENABLE, userId, Map.of());
        return replaceRecoveryCodes(user.id);
    }

    private OneTimeClaims.AccountState account(String userId) {
        return claims.state(userId).orElseThrow(() -> ApiException.notFound("User not found"));
    }

    private void requirePassword(OneTimeClaims.AccountState state, String password) {
        if (password == null || !hasher.matches(password, state.passwordHash())) {
            throw ApiException.invalidField("password", "is not your current password");
        }
    }

    @Transactional(dontRollbackOn = ApiException.class)
    public void disable(String userId, String password, String code, String recoveryCode) {
        OneTimeClaims.AccountState state = account(userId);
        if (!state.totpEnabled()) {
            throw ApiException.conflict("Two-factor authentication is not enabled");
        }
        requirePassword(state, password);
        if (!acceptSecondFactor(state, code, recoveryCode, Instant.now())) {
            throw ApiException.invalidField("code", "is not a valid two-factor or recovery code");
        }
        User user = users.require(userId);
        user.totpEnabled = false;
        user.totpSecret = null;
        // totp_last_step stays: a code of a step already used stays used, even for a new secret.
        em.createQuery("delete from RecoveryCode r where r.userId = :user").setParameter("user", user.id).executeUpdate();
        activity.record(AuthPermissions.AUDIT_TWO_FACTOR_DISABLE, user.id, Map.of());
    }

    /** New recovery codes replace the old ones; requires a current TOTP code. */
    @Transactional(dontRollbackOn = ApiException.class)
    public List<String> regenerate(String userId, String code) {
        OneTimeClaims.AccountState state = account(userId);
        if (!state.totpEnabled()) {
            throw ApiException.conflict("Two-factor authentication is not enabled");
        }
        if (!codeMatches(state, code, Instant.now())) {
            throw ApiException.invalidField("code", "does not match the authenticator app, or was used already");
        }
        return replaceRecoveryCodes(userId);
    }

    /**
     * A TOTP code (each time step once) or an unused recovery code (then spent), for the account as
     * {@link OneTimeClaims#state} read it. Call it before the transaction has used the database.
     */
    boolean acceptSecondFactor(OneTimeClaims.AccountState state, String code, String recoveryCode, Instant now) {
        if (!state.totpEnabled()) {
            return false;
        }
        if (code != null && !code.isBlank()) {
            return codeMatches(state, code.strip(), now);
        }
        if (recoveryCode != null && !recoveryCode.isBlank()) {
            return claims.recoveryCode(state.userId(), Secrets.sha256(normalise(recoveryCode)), now);
        }
        return false;
    }

    /** Whether the code is right for the account's active secret; a matching step is used up (only one request can). */
    private boolean codeMatches(OneTimeClaims.AccountState state, String code, Instant now) {
        if (state.totpSecret() == null) {
            return false;
        }
        OptionalLong step = Totp.verify(secrets.open(state.totpSecret()), code, now, state.totpLastStep());
        return step.isPresent() && claims.totpStep(state.userId(), step.getAsLong());
    }

    private List<String> replaceRecoveryCodes(String userId) {
        em.createQuery("delete from RecoveryCode r where r.userId = :user").setParameter("user", userId).executeUpdate();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String raw = Secrets.random(10).toLowerCase(Locale.ROOT);
            String shown = raw.substring(0, 5) + "-" + raw.substring(5);
            RecoveryCode code = new RecoveryCode();
            code.userId = userId;
            code.codeHash = Secrets.sha256(normalise(shown));
            em.persist(code);
            codes.add(shown);
        }
        return codes;
    }

    private static String normalise(String code) {
        return code.strip().toLowerCase(Locale.ROOT).replace("-", "").replace(" ", "");
    }
}
