package dev.wingman.platform.rest;

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

/**
 * The JAX-RS application. Resources and providers of every module are CDI beans and are found by
 * discovery; this class only names the API. Each module declares its own endpoint groups (OpenAPI
 * tags) through ModuleContributions.
 */
@ApplicationScoped
@ApplicationPath("/")
@OpenAPIDefinition(
        info = @Info(title = "Wingman", version = "0.1.0",
                description = "Game-server hosting control panel backend. Every error is {\"error\": \"...\"}. "
                        + "Authenticate with 'Authorization: Bearer <session token or API key>' or the 'session' cookie."),
        security = @SecurityRequirement(name = "bearer"))
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "A session token from /api/auth/login or an API key (wgm_...)"),
        @SecurityScheme(securitySchemeName = "cookie", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
                apiKeyName = "session")
})
public class WingmanApplication extends Application {
}
