package dev.wingman.servers.internal;

import dev.wingman.auth.api.Tiers;
import dev.wingman.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.Map;

/**
 * How much each portal tier may run, so that a free account cannot fill a node: servers, and the
 * memory and disk they add up to (0: unlimited). Personal servers count against their owner's
 * tier, an organisation's servers against the organisation's. Defaults below; operators set
 * {@code wingman.quotas.<tier>.servers}, {@code .memory-mib} and {@code .disk-mib}.
 */
@ApplicationScoped
public class ServerQuotas {
    /** What one tier may run in all. */
    public record Quota(String tier, int servers, long memoryMib, long diskMib) {
        boolean unlimited() {
            return servers == 0 && memoryMib == 0 && diskMib == 0;
        }

        /** 409 naming the first limit that {@code count} servers using {@code memoryMib} and {@code diskMib} would pass. */
        void check(long count, long memory, long disk) {
            if (servers > 0 && count > servers) {
                throw refused(servers + " servers");
            }
            if (memoryMib > 0 && memory > memoryMib) {
                throw refused(memoryMib + " MiB of memory");
            }
            if (diskMib > 0 && disk > diskMib) {
                throw refused(diskMib + " MiB of disk");
            }
        }

        private ApiException refused(String what) {
            return ApiException.conflict("The " + tier + " tier allows at most " + what + " in all; delete a server or "
                    + "change plan");
        }
    }

    private static final Map<String, Quota> DEFAULTS = Map.of(
            Tiers.FREE, new Quota(Tiers.FREE, 2, 4_096, 16_384),
            Tiers.EDUCATIONAL, new Quota(Tiers.EDUCATIONAL, 5, 8_192, 32_768),
            Tiers.PAID, new Quota(Tiers.PAID, 50, 131_072, 1_048_576),
            Tiers.ENTERPRISE, new Quota(Tiers.ENTERPRISE, 0, 0, 0));

    @Inject
    Config config;

    public Quota of(String tier) {
        Quota fallback = DEFAULTS.getOrDefault(tier, DEFAULTS.get(Tiers.FREE));
        String prefix = "wingman.quotas." + fallback.tier() + ".";
        return new Quota(fallback.tier(),
                config.getOptionalValue(prefix + "servers", Integer.class).orElse(fallback.servers()),
                config.getOptionalValue(prefix + "memory-mib", Long.class).orElse(fallback.memoryMib()),
                config.getOptionalValue(prefix + "disk-mib", Long.class).orElse(fallback.diskMib()));
    }
}
