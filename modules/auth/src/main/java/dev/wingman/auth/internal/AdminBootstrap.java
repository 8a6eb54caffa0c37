package dev.wingman.auth.internal;

import dev.wingman.auth.api.AdminAccounts;
import dev.wingman.auth.api.FirstAdministrator;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.StartupRefused;
import dev.wingman.platform.api.Validate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The first administrator. Either the command line ({@code java -jar wingman.jar create-admin ...})
 * calls {@link #createAdmin}, or {@code WINGMAN_ADMIN_EMAIL} and {@code WINGMAN_ADMIN_PASSWORD}
 * create one at start-up when no account has that e-mail yet. Settings that cannot be honoured
 * ({@link FirstAdministrator}'s rule, or an account that still cannot be created) stop start-up
 * with {@link StartupRefused} rather than leave a panel running without its administrator.
 */
@ApplicationScoped
public class AdminBootstrap implements AdminAccounts {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());

    @Inject
    AccountService accounts;

    @Inject
    Users users;

    @Inject
    Config config;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        Optional<FirstAdministrator.Request> request = FirstAdministrator.requested(
                setting("wingman.admin.email"), setting("wingman.admin.password"), setting("wingman.admin.name"));
        if (request.isEmpty() || users.byEmail(request.get().email()).isPresent()) {
            return;
        }
        FirstAdministrator.Request admin = request.get();
        try {
            createAdmin(admin.email(), admin.password(), admin.name());
        } catch (RuntimeException e) {
            if (users.byEmail(admin.email()).isPresent()) {
                // Instances starting together: another one created it first.
                return;
            }
            if (e instanceof ApiException refused) {
                throw new StartupRefused("Could not create the administrator from WINGMAN_ADMIN_EMAIL: " + refused.getMessage());
            }
            throw e;
        }
        LOG.info("Created administrator " + admin.email() + " from WINGMAN_ADMIN_EMAIL");
    }

    private String setting(String key) {
        return config.getOptionalValue(key, String.class).orElse(null);
    }

    @Override
    public String createAdmin(String email, String password, String name) {
        return accounts.register(Validate.email(email, "email"), password, name, Set.of(Role.ADMIN)).id;
    }
}
