package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every answer is JSON, even when the JVM itself fails. The failing endpoints exist only in this
 * test: a JAX-RS resource and a plain web-server route that throw {@link Error}s, as an
 * exhausted heap or stack would inside real code.
 */
@HelidonTest
@AddBean(FailureAnswersTest.Failing.class)
@AddBean(FailureAnswersTest.FailingRoute.class)
class FailureAnswersTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    @Path("/test-only/failures")
    @Produces(MediaType.APPLICATION_JSON)
    @ApplicationScoped
    public static class Failing {
        @GET
        @Path("/out-of-memory")
        public String outOfMemory() {
            throw new OutOfMemoryError("Java heap space (thrown by the test)");
        }

        @GET
        @Path("/stack-overflow")
        public String stackOverflow() {
            throw new StackOverflowError();
        }

        @GET
        @Path("/runtime")
        public String runtime() {
            throw new IllegalStateException("thrown by the test");
        }
    }

    @ApplicationScoped
    public static class FailingRoute {
        void register(@Observes @Priority(PLATFORM_BEFORE + 60) @Initialized(ApplicationScoped.class) Object ignored,
                      BeanManager beans) {
            beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder()
                    .get("/test-only/route/stack-overflow", (req, res) -> {
                        throw new StackOverflowError();
                    });
        }
    }

    private static void assertJson500(ApiClient.Response response) {
        assertEquals(500, response.status(), response.toString());
        assertThat(response.header("Content-Type"), containsString("application/json"));
        assertEquals("Internal server error", response.json().getString("error"), response.toString());
        String id = response.header("X-Request-Id");
        assertEquals(id, response.json().getString("requestId"));
        assertFalse(response.body().contains("Error"), "no detail: " + response.body());
    }

    @Test
    void errorsThrownByResourcesAreJson500s() {
        assertJson500(api().get("/test-only/failures/out-of-memory", null));
        assertJson500(api().get("/test-only/failures/stack-overflow", null));
        assertJson500(api().get("/test-only/failures/runtime", null));
        // The panel keeps serving afterwards.
        assertEquals(200, api().get("/api/public/features", null).status());
    }

    @Test
    void errorsThrownOutsideJaxRsAreJson500s() {
        assertJson500(api().get("/test-only/route/stack-overflow", null));
    }

    @Test
    void aDeeplyNestedBodyIsAJsonAnswer() {
        String nested = "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000);
        ApiClient.Response response = api().put("/api/admin/features", nested, adminToken());
        assertTrue(response.status() == 400, response.toString());
        assertThat(response.header("Content-Type"), containsString("application/json"));
        assertThat(response.json().getString("error"), containsString("JSON"));
    }
}
