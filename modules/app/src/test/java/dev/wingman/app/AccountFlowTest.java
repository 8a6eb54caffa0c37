package dev.wingman.app;

import dev.wingman.testkit.api.ApiClient;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@HelidonTest
class AccountFlowTest extends PanelTest {

    @AddConfigSource
    static ConfigSource config() {
        return panelConfig(Map.of());
    }

    @Test
    void registerNormalisesEmailAndRefusesDuplicates() {
        String email = uniqueEmail("Bob").replace("bob", "BoB");
        ApiClient.Response created = api().post("/api/users/register",
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Bob\"}", null);
        assertEquals(201, created.status(), created.toString());
        assertEquals(email.toLowerCase(), created.json().getString("email"));
        assertEquals("free", created.json().getString("tier"));
        assertFalse(created.body().contains("password"), "no password material in the answer");

        ApiClient.Response duplicate = api().post("/api/users/register",
                "{\"email\":\"" + email.toLowerCase() + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Bob\"}", null);
        assertEquals(409, duplicate.status());
        assertEquals("An account with this e-mail already exists", duplicate.json().getString("error"));
    }

    @Test
    void registerValidatesEachField() {
        ApiClient.Response weak = api().post("/api/users/register",
                "{\"email\":\"" + uniqueEmail("weak") + "\",\"password\":\"short1\",\"name\":\"W\"}", null);
        assertEquals(400, weak.status());
        assertEquals("password", weak.json().getString("field"));

        ApiClient.Response lettersOnly = api().post("/api/users/register",
                "{\"email\":\"" + uniqueEmail("weak") + "\",\"password\":\"onlylettershere\",\"name\":\"W\"}", null);
        assertEquals(400, lettersOnly.status());
        assertEquals("password", lettersOnly.json().getString("field"));

        ApiClient.Response badEmail = api().post("/api/users/register",
                "{\"email\":\"not-an-email\",\"password\":\"" + PASSWORD + "\",\"name\":\"W\"}", null);
        assertEquals(400, badEmail.status());
        assertEquals("email", badEmail.json().getString("field"));

        ApiClient.Response noName = api().post("/api/users/register",
                "{\"email\":\"" + uniqueEmail("x") + "\",\"password\":\"" + PASSWORD + "\"}", null);
        assertEquals(400, noName.status());
        assertEquals("name", noName.json().getString("field"));
    }

    @Test
    void loginGivesATokenAndACookieThatBothWork() {
        String email = register("carol");
        ApiClient.Response wrong = login(email, "wrong password 1");
        assertEquals(401, wrong.status());
        assertEquals("Invalid e-mail or password", wrong.json().getString("error"));
        assertEquals(401, login(uniqueEmail("nobody"), PASSWORD).status());

        ApiClient.Response ok = login(email, PASSWORD);
        assertEquals(200, ok.status(), ok.toString());
        String token = ok.json().getString("token");
        assertNotNull(ok.json().getString("expiresAt"));
        String setCookie = ok.header("Set-Cookie");
        assertThat(setCookie, startsWith("session=" + token));
        assertThat(setCookie, containsString("HttpOnly"));
        assertThat(setCookie, containsString("SameSite=Lax"));
        assertThat("no https public URL, no cookie-secure", setCookie, not(containsString("Secure")));

        ApiClient.Response me = api().get("/api/users/me", token);
        assertEquals(200, me.status());
        assertEquals(email, me.json().getString("email"));
        assertThat(me.json().getJsonArray("permissions").toString(), containsString("servers:create"));

        ApiClient.Response byCookie = api().send("GET", "/api/users/me", null, null, Map.of("Cookie", "session=" + token));
        assertEquals(200, byCookie.status(), byCookie.toString());

        assertEquals(401, api().get("/api/users/me", "not-a-token").status());
        assertEquals(401, api().get("/api/users/me", null).status());
    }

    @Test
    void updateMeChangesNameAndPasswordGivenTheCurrentOne() {
        String email = register("dave");
        String token = token(email);
        ApiClient.Response renamed = api().put("/api/users/me", "{\"name\":\"David\"}", token);
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("David", renamed.json().getString("name"));

        ApiClient.Response wrongCurrent = api().put("/api/users/me",
                "{\"currentPassword\":\"nope nope 1\",\"newPassword\":\"another horse 77\"}", token);
        assertEquals(400, wrongCurrent.status());
        assertEquals("currentPassword", wrongCurrent.json().getString("field"));

        String other = token(email);
        ApiClient.Response changed = api().put("/api/users/me",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"another horse 77\"}", token);
        assertEquals(200, changed.status(), changed.toString());
        assertEquals(401, login(email, PASSWORD).status());
        assertEquals(200, login(email, "another horse 77").status());
        assertEquals(200, api().get("/api/users/me", token).status(), "the session that changed it stays");
        assertEquals(401, api().get("/api/users/me", other).status(), "other sessions end");
    }

    @Test
    void withoutAPublicUrlCookieRequestsThatChangeThingsMustComeFromThePanelsOwnHost() {
        String token = userToken("samehost");
        String self = target.getUri().getScheme() + "://" + target.getUri().getAuthority();
        Map<String, String> cookie = Map.of("Cookie", "session=" + token);
        ApiClient.Response none = api().send("PUT", "/api/users/me", "{\"name\":\"None\"}", null, cookie);
        assertEquals(403, none.status(), none.toString());
        ApiClient.Response foreign = api().send("PUT", "/api/users/me", "{\"name\":\"Foreign\"}", null,
                Map.of("Cookie", "session=" + token, "Origin", "http://evil.example"));
        assertEquals(403, foreign.status(), foreign.toString());
        ApiClient.Response logout = api().send("POST", "/api/auth/logout", null, null,
                Map.of("Cookie", "session=" + token, "Referer", "http://evil.example/"));
        assertEquals(403, logout.status(), "a forged logout is refused too");

        ApiClient.Response same = api().send("PUT", "/api/users/me", "{\"name\":\"Same\"}", null,
                Map.of("Cookie", "session=" + token, "Origin", self));
        assertEquals(200, same.status(), same.toString());
        assertEquals("Same", same.json().getString("name"));
        ApiClient.Response out = api().send("POST", "/api/auth/logout", null, null,
                Map.of("Cookie", "session=" + token, "Referer", self + "/somewhere"));
        assertEquals(204, out.status(), out.toString());
    }

    @Test
    void logoutEndsTheSessionAndClearsTheCookie() {
        String token = userToken("erin");
        ApiClient.Response out = api().post("/api/auth/logout", null, token);
        assertEquals(204, out.status());
        assertThat(out.header("Set-Cookie"), containsString("Max-Age=0"));
        ApiClient.Response after = api().get("/api/users/me", token);
        assertEquals(401, after.status());
        assertEquals("Session has ended; log in again", after.json().getString("error"));
    }
}
