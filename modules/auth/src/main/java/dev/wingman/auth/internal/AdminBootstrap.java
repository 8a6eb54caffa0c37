package dev.wingman.auth.internal;

import dev.wingman.auth.api.AdminAccounts;
import dev.wingman.platform.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The first administrator. Either the command line ({@code java -jar wingman.jar create-admin ...})
 * calls {@link #createAdmin}, or {@code WINGMAN_ADMIN_EMAIL} and {@code WINGMAN_ADMIN_PASSWORD}
 * create one at start-up when no account has that e-mail yet.
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
        String email = config.getOptionalValue("wingman.admin.email", String.class).orElse(null);
        String password = config.getOptionalValue("wingman.admin.password", String.class).orElse(null);
        if (email == null || email.isBlank() || password == null) {
            return;
        }
        email = email.strip().toLowerCase(Locale.ROOT);
        if (users.byEmail(email).isPresent()) {
            return;
        }
        String name = config.getOptionalValue("wingman.admin.name", String.class).orElse("Administrator");
        try {
            createAdmin(email, password, name);
            LOG.info("Created administrator " + email + " from WINGMAN_ADMIN_EMAIL");
        } catch (ApiException e) {
            LOG.severe("Could not create the administrator from WINGMAN_ADMIN_EMAIL: " + e.getMessage());
        }
    }

    @Override
    public String createAdmin(String email, String password, String name) {
        return accounts.register(email.strip().toLowerCase(Locale.ROOT), password, name, Set.of(Role.ADMIN)).id;
    }
}
