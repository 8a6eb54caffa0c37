package dev.wingman.auth.internal;

import jakarta.inject.Inject;
import dev.wingman.platform.api.PanelPersistence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Things that may be used a bounded number of times, used up atomically in PostgreSQL: a TOTP time
 * step, a login challenge's tries and its completion, a recovery code. Each is one conditional
 * UPDATE that only the first of several concurrent requests (or only the first {@code n}) can
 * win, so no race lets a code count twice or a challenge be tried more often than allowed.
 *
 * <p>Each claim commits on its own ({@code REQUIRES_NEW}), before the rest of the request goes on:
 * a row lock held for the whole request would make concurrent requests wait while holding pool
 * connections, which with Helidon's JPA integration (a connection per bean's persistence context)
 * can exhaust the pool. A claim is therefore spent even when the request fails later, which errs
 * on the safe side. For the same reason callers read what they check through {@link #state} and
 * claim before their own transaction has used the database: a request that holds one connection
 * while asking for another can, with enough such requests at once, starve the pool.
 */
@ApplicationScoped
public class OneTimeClaims {
    /** A counted try at a login challenge: the challenge and whose it is. */
    public record ChallengeTry(String challengeId, String userId) {
    }

    /** What the checks of a second factor need to know about an account, read apart from the caller's transaction. */
    public record AccountState(String userId, String passwordHash, boolean suspended, boolean totpEnabled, String totpSecret,
                               String totpPendingSecret, long totpLastStep) {
    }

    @Inject
    @PanelPersistence
    EntityManager em;

    /**
     * The account's second-factor state, read on a connection of its own and released at once, so that
     * a caller can check and claim codes before its own transaction holds any connection.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<AccountState> state(String userId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select id, password_hash, suspended, totp_enabled, totp_secret, totp_pending_secret, totp_last_step
                        from users where id = ?1""")
                .setParameter(1, userId).getResultList();
        return rows.stream().findFirst().map(r -> new AccountState((String) r[0], (String) r[1], (Boolean) r[2], (Boolean) r[3],
                (String) r[4], (String) r[5], ((Number) r[6]).longValue()));
    }

    /** Moves the account's last used TOTP step to {@code step}; false if that step or a later one was used already. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean totpStep(String userId, long step) {
        return em.createNativeQuery("update users set totp_last_step = ?1 where id = ?2 and totp_last_step < ?1")
                .setParameter(1, step).setParameter(2, userId).executeUpdate() == 1;
    }

    /**
     * Counts one try at the challenge with this token hash, unless it is completed, expired or has had
     * {@code maxTries} already: then empty.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<ChallengeTry> challengeTry(String tokenHash, Instant now, int maxTries) {
        @SuppressWarnings("unchecked")
        List<Object[]> counted = em.createNativeQuery("""
                        update login_challenges set attempts = attempts + 1
                        where token_hash = ?1 and consumed_at is null and expires_at > ?2 and attempts < ?3
                        returning id, user_id""")
                .setParameter(1, tokenHash).setParameter(2, Timestamp.from(now)).setParameter(3, maxTries)
                .getResultList();
        return counted.stream().findFirst().map(row -> new ChallengeTry((String) row[0], (String) row[1]));
    }

    /** Completes the challenge; false if another request completed it first. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean completeChallenge(String challengeId, Instant now) {
        return em.createNativeQuery("update login_challenges set consumed_at = ?1 where id = ?2 and consumed_at is null")
                .setParameter(1, Timestamp.from(now)).setParameter(2, challengeId).executeUpdate() == 1;
    }

    /** Spends the account's unused recovery code with this hash; false if there is none (or it was just spent). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean recoveryCode(String userId, String codeHash, Instant now) {
        return em.createNativeQuery("""
                        update recovery_codes set used_at = ?1
                        where id = (select id from recovery_codes where user_id = ?2 and code_hash = ?3 and used_at is null
                                    limit 1 for update skip locked)
                        and used_at is null""")
                .setParameter(1, Timestamp.from(now)).setParameter(2, userId).setParameter(3, codeHash).executeUpdate() == 1;
    }
}
