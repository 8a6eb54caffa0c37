package dev.wingman.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The JAX-RS application. Resources and providers of every module are CDI beans and are found by
 * discovery; this class only names the API and its endpoint groups (seed 001).
 */
@ApplicationScoped
@ApplicationPath("/")
@OpenAPIDefinition(
        info = @Info(title = "Wingman", version = "0.1.0",
                description = "Game-server hosting control panel backend. Every error is {\"error\": \"...\"}. "
                        + "Authenticate with 'Authorization: Bearer <session token or API key>' or the 'session' cookie."),
        tags = {
                @Tag(name = "Authentication", description = "Log in, manage sessions, set up 2FA, and create API keys"),
                @Tag(name = "Servers", description = "Create, power, transfer, reinstall, and monitor game servers"),
                @Tag(name = "Organisations", description = "Manage multi-tenant workspaces, members, roles, and DNS zones"),
                @Tag(name = "Nodes", description = "Register nodes, view heartbeats, and manage allocations"),
                @Tag(name = "Billing & orders", description = "Create orders, manage plans, and retrieve invoices"),
                @Tag(name = "AI endpoints", description = "Chat completions, AI Studio, and model management"),
                @Tag(name = "Tickets", description = "Create and manage support tickets and replies"),
                @Tag(name = "Admin", description = "Panel-wide administration, user management, and audit logs"),
                @Tag(name = "Public", description = "Unauthenticated panel information")
        },
        security = @SecurityRequirement(name = "bearer"))
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "A session token from /api/auth/login or an API key (wgm_...)"),
        @SecurityScheme(securitySchemeName = "cookie", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
                apiKeyName = "session")
})
public class WingmanApplication extends Application {
}
