package dev.wingman.app;

import dev.wingman.testkit.api.TestServices;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What the shared id and timestamp base assigns, seen in the database: a login is no edit of the
 * account (its {@code updated_at} stays), a change of name is; times that belong together are one
 * time (a session is created when it was last seen, an organisation when its owner joined).
 */
@HelidonTest
class EntityTimestampsTest extends PanelTest {
    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    @Test
    void aLoginIsNoEditOfTheAccountButAChangeOfNameIs() throws Exception {
        String email = register("stamped");
        String updated = value("select cast(updated_at as text) from users where email = ?", email);
        String session = token(email);
        assertNotNull(value("select cast(last_login_at as text) from users where email = ?", email), "the login is recorded");
        assertEquals(updated, value("select cast(updated_at as text) from users where email = ?", email));

        assertEquals(200, api().put("/api/users/me", "{\"name\":\"Renamed\"}", session).status());
        assertNotEquals(updated, value("select cast(updated_at as text) from users where email = ?", email));
    }

    @Test
    void timesThatBelongTogetherAreOneTime() throws Exception {
        String email = register("together");
        String session = token(email);
        // Before the session is used (each use moves last_seen_at on).
        assertEquals("true", value("select cast(bool_and(s.created_at = s.last_seen_at) as text) from sessions s "
                + "join users u on u.id = s.user_id where u.email = ?", email));

        String handle = "stamps-" + System.nanoTime();
        assertEquals(201, api().post("/api/organisations", "{\"name\":\"Stamps\",\"handle\":\"" + handle + "\"}", session).status());
        assertEquals("true", value("select cast(o.created_at = m.joined_at and o.created_at = o.updated_at as text) "
                + "from organisations o join organisation_members m on m.organisation_id = o.id where o.handle = ?", handle));
    }

    private static String value(String sql, String parameter) throws Exception {
        try (Connection db = DriverManager.getConnection(TestServices.get().panelConfig().get("wingman.database.url"));
             PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
