package dev.wingman.platform.internal;

import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.ModuleContributions;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Scopes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes each operation's access into the OpenAPI document from the same annotations
 * {@link AccessFilter} and {@link FeatureGate} enforce, so that frontends, and the authorization
 * matrix test, read what the panel actually checks:
 * <pre>
 * x-wingman-access: {kind: public | authenticated | permission | resource | node,
 *                    permission?, scope?, grant?, feature?, rateLimit?}
 * </pre>
 * It also declares the statuses those checks can answer (400, 401, 403, 404, 413, 429, 503)
 * where the operation did not declare them itself, then applies every {@link OASFilter} CDI bean,
 * so that a module documents its own rules without editing shared configuration. Registered with
 * {@code mp.openapi.filter}.
 */
public class AccessDocumentation implements OASFilter {
    static final String EXTENSION = "x-wingman-access";
    /** Wings authenticates the remote API with its node credentials (checked before the body is read). */
    private static final String REMOTE = "/api/remote";

    private record Declared(Method method, Class<?> resource) {
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        declareTags(openAPI);
        if (openAPI.getPaths() == null) {
            return;
        }
        Map<String, Declared> operations = resourceMethods();
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((httpMethod, operation) -> {
            Declared declared = operations.get(httpMethod.name() + " " + path);
            if (declared != null) {
                describe(path, operation, declared);
            }
        }));
        // Modules document their own cross-cutting answers as OASFilter beans (auth: the cross-origin 403).
        CDI.current().select(OASFilter.class).forEach(filter -> filter.filterOpenAPI(openAPI));
    }

    /**
     * The document's tags are the ones modules declare ({@link ModuleContributions#openApiTags()}),
     * in name order; a tag two modules declare is listed once, with the first description.
     */
    private static void declareTags(OpenAPI openAPI) {
        Map<String, String> declared = new TreeMap<>();
        CDI.current().select(ModuleContributions.class, Any.Literal.INSTANCE)
                .forEach(module -> module.openApiTags().forEach(tag -> declared.putIfAbsent(tag.name(), tag.description())));
        List<Tag> tags = new ArrayList<>();
        declared.forEach((name, description) -> tags.add(OASFactory.createTag().name(name).description(description)));
        openAPI.setTags(tags);
    }

    private static void describe(String path, Operation operation, Declared declared) {
        Map<String, Object> access = new LinkedHashMap<>();
        Annotation declaration = AccessFilter.declaredAccess(declared.method, declared.resource);
        boolean node = path.startsWith(REMOTE);
        if (node) {
            access.put("kind", "node");
        } else if (declaration instanceof RequiresPermission permission) {
            access.put("kind", "permission");
            access.put("permission", permission.value());
        } else if (declaration instanceof Authenticated authenticated) {
            boolean resource = authenticated.scope().equals(Scopes.RESOURCE);
            access.put("kind", resource ? "resource" : "authenticated");
            if (!resource && !authenticated.scope().isEmpty()) {
                access.put("scope", authenticated.scope());
            }
            if (!authenticated.grant().isEmpty()) {
                access.put("grant", authenticated.grant());
            }
        } else {
            access.put("kind", "public");
        }
        Feature feature = Annotations.find(declared.method, declared.resource, Feature.class);
        if (feature != null) {
            access.put("feature", feature.value());
        }
        RateLimit limit = Annotations.find(declared.method, declared.resource, RateLimit.class);
        if (limit != null) {
            access.put("rateLimit", Map.of("name", limit.name(), "limit", limit.limit(), "windowSeconds", limit.windowSeconds(),
                    "key", limit.key().name().toLowerCase(java.util.Locale.ROOT)));
        }
        operation.addExtension(EXTENSION, access);

        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        declareSuccess(responses, declared.method);
        String kind = (String) access.get("kind");
        boolean hasInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (hasInput) {
            declare(responses, "400", "Invalid input: the field or parameter is named");
        }
        if (operation.getRequestBody() != null) {
            declare(responses, "413", "The request body is larger than the limit (wingman.http.max-body-size, 1 MiB by default)");
        }
        if (!kind.equals("public")) {
            declare(responses, "401", node ? "Missing or malformed node credentials" : "Authentication required");
            declare(responses, "403", node ? "The node credentials are wrong" : switch (kind) {
                case "permission" -> "Missing permission " + access.get("permission");
                case "authenticated" -> "The account is suspended, or the API key's scope lacks " + access.getOrDefault("scope", "it");
                default -> "The grant on the resource (narrowed by the API key's scope) does not allow it";
            });
        }
        if (kind.equals("resource") || path.contains("{")) {
            declare(responses, "404", "Not found, or not visible to the caller");
        }
        if (limit != null) {
            declare(responses, "429", "Rate limit " + limit.name() + " exceeded; Retry-After says when to try again");
        }
        if (feature != null) {
            declare(responses, "503", "Feature '" + feature.value() + "' is disabled");
        }
        operation.setResponses(responses);
    }

    /**
     * SmallRye writes the default success only when an operation declares no response at all; one
     * that declares only its errors (say 413) would otherwise document no success. A method
     * returning a value answers 200, a void one 204; one returning a Response declares its own.
     */
    private static void declareSuccess(APIResponses responses, Method method) {
        boolean hasSuccess = responses.getAPIResponses() != null
                && responses.getAPIResponses().keySet().stream().anyMatch(code -> code.startsWith("2"));
        Class<?> returns = method.getReturnType();
        if (hasSuccess || returns == jakarta.ws.rs.core.Response.class) {
            return;
        }
        if (returns == void.class) {
            declare(responses, "204", "Done");
        } else {
            declare(responses, "200", "OK");
        }
    }

    private static void declare(APIResponses responses, String status, String description) {
        if (responses.getAPIResponse(status) == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    /** {@code "GET /api/users/me"} to the resource method, for every JAX-RS resource bean. */
    private static Map<String, Declared> resourceMethods() {
        Map<String, Declared> found = new HashMap<>();
        Set<Bean<?>> beans = CDI.current().getBeanManager().getBeans(Object.class, Any.Literal.INSTANCE);
        for (Bean<?> bean : beans) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String http = httpMethod(method);
                if (http == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                found.put(http + " " + join(root.value(), sub == null ? "" : sub.value()), new Declared(method, type));
            }
        }
        return found;
    }

    private static String httpMethod(Method method) {
        if (method.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (method.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        if (method.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        if (method.isAnnotationPresent(DELETE.class)) {
            return "DELETE";
        }
        if (method.isAnnotationPresent(PATCH.class)) {
            return "PATCH";
        }
        return method.isAnnotationPresent(HEAD.class) ? "HEAD" : null;
    }

    /** The path as the OpenAPI document writes it: one leading slash, none trailing, no regular expressions in templates. */
    static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        path = path.replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
