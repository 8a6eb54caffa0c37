package dev.wingman.auth.internal;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.Map;

/**
 * Declares the 403 that {@link AuthenticationFilter} answers to a cookie-authenticated unsafe
 * request from an origin that is not allowed, on every operation that can get it (every POST, PUT,
 * PATCH and DELETE outside {@code /api/remote}), so that no operation answers an undeclared status.
 * A CDI bean: platform's OpenAPI filter applies every {@link OASFilter} bean.
 */
@ApplicationScoped
public class CrossOriginOpenApi implements OASFilter {
    static final String REFUSAL = "a cookie-authenticated request from an origin that is not allowed "
            + "(wingman.http.allowed-origins)";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            if (path.getKey().startsWith("/api/remote/")) {
                continue;
            }
            PathItem item = path.getValue();
            for (Operation operation : new Operation[] {item.getPOST(), item.getPUT(), item.getPATCH(), item.getDELETE()}) {
                if (operation != null) {
                    declare(operation);
                }
            }
        }
    }

    private static void declare(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        APIResponse forbidden = responses.getAPIResponse("403");
        if (forbidden == null) {
            responses.addAPIResponse("403", OASFactory.createAPIResponse().description("Refused: " + REFUSAL));
        } else if (forbidden.getDescription() == null || !forbidden.getDescription().contains(REFUSAL)) {
            String before = forbidden.getDescription() == null ? "" : forbidden.getDescription() + "; or ";
            forbidden.setDescription(before + REFUSAL);
        }
    }
}
