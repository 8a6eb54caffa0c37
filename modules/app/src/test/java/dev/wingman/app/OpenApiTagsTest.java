package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The document declares exactly the tags its operations use, each with what the group holds (modules declare their own). */
@HelidonTest
class OpenApiTagsTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    @Test
    void declaredTagsAreTheUsedTags() {
        ApiClient.Response document = api().send("GET", "/openapi", null, null, Map.of("Accept", "application/json"));
        assertEquals(200, document.status());
        Set<String> declared = new TreeSet<>();
        for (JsonValue tag : document.json().getJsonArray("tags")) {
            JsonObject t = tag.asJsonObject();
            declared.add(t.getString("name"));
            assertFalse(t.getString("description", "").isBlank(), t.getString("name") + " says what it holds");
        }
        Set<String> used = new TreeSet<>();
        document.json().getJsonObject("paths").values().forEach(item -> item.asJsonObject().forEach((method, operation) -> {
            if (operation.getValueType() == JsonValue.ValueType.OBJECT && operation.asJsonObject().containsKey("tags")) {
                operation.asJsonObject().getJsonArray("tags").forEach(name -> used.add(((jakarta.json.JsonString) name).getString()));
            }
        }));
        assertEquals(used, declared);
        assertEquals(Set.of("Admin", "Authentication", "Billing & orders", "Nodes", "Organisations", "Pterodactyl client API",
                "Public", "Servers", "Wings remote API"), declared);
    }
}
