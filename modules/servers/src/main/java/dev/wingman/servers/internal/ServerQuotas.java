package dev.wingman.servers.internal;

import dev.wingman.auth.api.Tiers;
import dev.wingman.billing.api.Entitlements;
import dev.wingman.billing.api.PlanLimits;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.FeatureFlags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much a payer (an organisation for its servers, else the owner for personal ones) may run in
 * all, so that nobody fills a node beyond what they are entitled to: servers, and the memory and
 * disk they add up to. (Under billing, a payer without an active plan whose tier an administrator
 * raised above free keeps that tier's quota: see {@link #billed}.)
 *
 * <p>While the {@code billing} flag is on, that is the payer's plan as billing's
 * {@link Entitlements} answers it (the free tier's {@code wingman.billing.free-limits} without an
 * active plan), where a limit of 0 means none of it ({@link PlanLimits}' rule), and going above it
 * is 403: the plan does not entitle the payer. With the flag off it is the portal tier's quota:
 * defaults below, set by operators as {@code wingman.quotas.<tier>.servers}, {@code .memory-mib}
 * and {@code .disk-mib}, 0 meaning unlimited, and going above it is 409 as before billing existed.
 * A plan's CPU is not enforced here: a server's CPU of 0 means no CPU limit on Wings, which no
 * total can count.
 */
@ApplicationScoped
public class ServerQuotas {
    /**
     * What one payer may run in all. {@code plan} is the name of the plan the limits come from
     * under billing (null for the free tier without one); {@code billed} says they are billing's.
     */
    public record Quota(String tier, boolean billed, String plan, int servers, long memoryMib, long diskMib) {
        /** A tier's quota (billing off): 0 is unlimited. */
        static Quota ofTier(String tier, int servers, long memoryMib, long diskMib) {
            return new Quota(tier, false, null, servers, memoryMib, diskMib);
        }

        /** What an entitlement allows (billing on): 0 is none. */
        static Quota of(Entitlements.Entitlement entitlement) {
            PlanLimits limits = entitlement.limits();
            return new Quota(entitlement.tier(), true, entitlement.planName(), limits.servers(), limits.memoryMib(),
                    limits.diskMib());
        }

        boolean unlimited() {
            return !billed && servers == 0 && memoryMib == 0 && diskMib == 0;
        }

        /** Refused naming the first limit that {@code count} servers using {@code memory} and {@code disk} would pass. */
        void check(long count, long memory, long disk) {
            if (limits(servers) && count > servers) {
                throw refused("servers", servers, servers + " servers");
            }
            if (limits(memoryMib) && memory > memoryMib) {
                throw refused("memory", memoryMib, memoryMib + " MiB of memory");
            }
            if (limits(diskMib) && disk > diskMib) {
                throw refused("disk", diskMib, diskMib + " MiB of disk");
            }
        }

        private boolean limits(long limit) {
            return billed || limit > 0;
        }

        private ApiException refused(String limit, long allowed, String what) {
            if (!billed) {
                return ApiException.conflict("The " + tier + " tier allows at most " + what + " in all; delete a server or "
                        + "change plan");
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("limit", limit);
            details.put("allowed", allowed);
            details.put("tier", tier);
            if (plan != null) {
                details.put("plan", plan);
            }
            String holder = plan == null ? "The " + tier + " tier" : "Your plan " + plan;
            return new ApiException(403, holder + " allows at most " + what + " in all; delete a server or upgrade your plan",
                    details, Map.of());
        }
    }

    private static final Map<String, Quota> DEFAULTS = Map.of(
            Tiers.FREE, Quota.ofTier(Tiers.FREE, 2, 4_096, 16_384),
            Tiers.EDUCATIONAL, Quota.ofTier(Tiers.EDUCATIONAL, 5, 8_192, 32_768),
            Tiers.PAID, Quota.ofTier(Tiers.PAID, 50, 131_072, 1_048_576),
            Tiers.ENTERPRISE, Quota.ofTier(Tiers.ENTERPRISE, 0, 0, 0));

    @Inject
    Config config;

    @Inject
    FeatureFlags flags;

    @Inject
    Entitlements entitlements;

    /** What the account may run personally: its plan's limits under billing, else its tier's quota. */
    public Quota ofAccount(String accountId, String tier) {
        return flags.isEnabled(Entitlements.FEATURE) ? billed(entitlements.forAccount(accountId), tier) : of(tier);
    }

    /** What the organisation's servers may add up to: its plan's limits under billing, else its tier's quota. */
    public Quota ofOrganisation(String organisationId, String tier) {
        return flags.isEnabled(Entitlements.FEATURE) ? billed(entitlements.forOrganisation(organisationId), tier) : of(tier);
    }

    /**
     * Under billing: the active plan's limits; without one, the free tier's, unless an administrator
     * set the payer's tier above free by hand ({@code PUT /api/admin/users/{id}}, a sponsored
     * community, an enterprise contract), whose tier quota then holds as with billing off, so
     * turning billing on never takes servers' room away from those accounts.
     */
    private Quota billed(Entitlements.Entitlement entitlement, String tier) {
        return entitlement.free() && tier != null && !Tiers.FREE.equals(tier) ? of(tier) : Quota.of(entitlement);
    }

    /** The tier's quota, as configured. */
    private Quota of(String tier) {
        Quota fallback = DEFAULTS.getOrDefault(tier, DEFAULTS.get(Tiers.FREE));
        String prefix = "wingman.quotas." + fallback.tier() + ".";
        return Quota.ofTier(fallback.tier(),
                config.getOptionalValue(prefix + "servers", Integer.class).orElse(fallback.servers()),
                config.getOptionalValue(prefix + "memory-mib", Long.class).orElse(fallback.memoryMib()),
                config.getOptionalValue(prefix + "disk-mib", Long.class).orElse(fallback.diskMib()));
    }
}
