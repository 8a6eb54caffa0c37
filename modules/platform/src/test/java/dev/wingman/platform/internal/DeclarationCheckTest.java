package dev.wingman.platform.internal;

import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Feature;
import dev.wingman.platform.api.PermissionCatalogue;
import dev.wingman.platform.api.PermissionCatalogue.Context;
import dev.wingman.platform.api.PermissionContributor.Contribution;
import dev.wingman.platform.api.RequiresPermission;
import dev.wingman.platform.api.Scopes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.wingman.platform.api.PermissionCatalogue.Context.ACCOUNT;
import static dev.wingman.platform.api.PermissionCatalogue.Context.ORGANISATION;
import static dev.wingman.platform.api.PermissionCatalogue.Context.PANEL;
import static dev.wingman.platform.api.PermissionCatalogue.Context.RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeclarationCheckTest {
    private static final Contribution NODES = Contribution.of("nodes")
            .permission("nodes:read", "See nodes", PANEL, ORGANISATION)
            .permission("nodes:create", "Register nodes", PANEL)
            .audit("panel", "node.create", "A node was registered")
            .build();
    private static final Contribution OTHERS = Contribution.of("others")
            .permission("dns:read", "See DNS", ORGANISATION)
            .permission(Scopes.SSH_KEYS, "SSH keys", ACCOUNT)
            .permission("control.start", "Start", RESOURCE)
            .build();

    private static PermissionCatalogue catalogue(Contribution... contributions) {
        PermissionRegistry.Assembled assembled = PermissionRegistry.assemble(List.of(contributions));
        return new PermissionCatalogue() {
            @Override
            public List<Permission> permissions() {
                return assembled.permissions();
            }

            @Override
            public List<AuditAction> auditActions() {
                return assembled.actions();
            }

            @Override
            public boolean declares(String grant, Set<Context> contexts) {
                return PermissionRegistry.declares(assembled.permissions(), grant, contexts);
            }
        };
    }

    @Path("/fine")
    @RequiresPermission("nodes:read")
    static class Fine {
        @POST
        @RequiresPermission("nodes:*")
        public void wildcard() {
        }

        @GET
        @Authenticated(scope = Scopes.SSH_KEYS)
        public void sshKeys() {
        }

        @GET
        @Path("/{id}")
        @Authenticated(scope = Scopes.RESOURCE, grant = "organisation:dns:*")
        public void dns() {
        }
    }

    @Path("/typo")
    static class Typo {
        @POST
        @RequiresPermission("nodes:craete")
        public void create() {
        }

        @GET
        @Authenticated(scope = "acount:ssh-keys")
        public void keys() {
        }

        @GET
        @Path("/{id}")
        @Authenticated(scope = Scopes.RESOURCE, grant = "organisation:dns:raed")
        public void dns() {
        }

        @GET
        @Path("/org")
        @RequiresPermission("dns:read")
        public void organisationOnly() {
        }
    }

    @Test
    void declaredPermissionsWildcardsAndScopesPass() {
        assertEquals(List.of(), DeclarationCheck.problems(List.of(Fine.class), catalogue(NODES, OTHERS)));
    }

    @Test
    void everyUndeclaredNameIsReportedWithItsMethod() {
        List<String> problems = DeclarationCheck.problems(List.of(Typo.class), catalogue(NODES, OTHERS));
        String typo = Typo.class.getName();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.contains(typo + ".create: @RequiresPermission(\"nodes:craete\") names an undeclared panel permission"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(typo + ".keys:") && p.contains("acount:ssh-keys")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(typo + ".dns:") && p.contains("dns:raed")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(typo + ".organisationOnly:") && p.contains("dns:read")),
                "an organisation permission is not a panel permission: " + problems);
    }

    @Test
    void aClassLevelTypoIsReportedOnTheClass() {
        @Path("/x")
        @RequiresPermission("nodse:read")
        class OnClass {
            @GET
            public void get() {
            }
        }
        List<String> problems = DeclarationCheck.problems(List.of(OnClass.class), catalogue(NODES));
        assertEquals(List.of(OnClass.class.getName() + ": @RequiresPermission(\"nodse:read\") names an undeclared panel permission"),
                problems);
    }

    @Path("/flags")
    @Feature("dns")
    static class Flagged {
        @GET
        @Feature("registration")
        public void register() {
        }

        @POST
        @Feature("regsitration")
        public void typo() {
        }
    }

    @Path("/flag-typo")
    @Feature("dsn")
    static class FlagTypoOnClass {
        @GET
        public void get() {
        }
    }

    @Test
    void everyFeatureMustNameADeclaredFlag() {
        Set<String> flags = Set.of("dns", "registration");
        assertEquals(List.of(), DeclarationCheck.featureProblems(List.of(Fine.class), flags), "no @Feature, nothing to check");
        assertEquals(List.of(Flagged.class.getName() + ".typo: @Feature(\"regsitration\") names an undeclared flag (declared: dns, registration)"),
                DeclarationCheck.featureProblems(List.of(Flagged.class), new java.util.TreeSet<>(flags)));
        List<String> onClass = DeclarationCheck.featureProblems(List.of(FlagTypoOnClass.class), flags);
        assertEquals(1, onClass.size(), onClass.toString());
        assertTrue(onClass.get(0).startsWith(FlagTypoOnClass.class.getName() + ": @Feature(\"dsn\")"), onClass.toString());
        assertEquals(3, DeclarationCheck.featureProblems(List.of(Flagged.class, FlagTypoOnClass.class), Set.of("dns")).size(),
                "with only dns declared: both methods of Flagged and the class FlagTypoOnClass");
    }

    @Test
    void grantsMatchDeclaredNamesWildcardsAndStarWithinTheirContexts() {
        PermissionCatalogue c = catalogue(NODES, OTHERS);
        Set<Context> panel = EnumSet.of(PANEL);
        assertTrue(c.declares("*", panel));
        assertTrue(c.declares("nodes:read", panel));
        assertTrue(c.declares("nodes:*", panel));
        assertFalse(c.declares("nodes:read:extra", panel));
        assertFalse(c.declares("servers:*", panel), "a wildcard over nothing declared");
        assertFalse(c.declares("dns:read", panel));
        assertTrue(c.declares("dns:*", EnumSet.of(ORGANISATION)));
        assertTrue(c.declares("control.*", EnumSet.of(RESOURCE)));
        assertFalse(c.declares("control.fly", EnumSet.allOf(Context.class)));
        assertTrue(c.declares("account:*", EnumSet.of(ACCOUNT)));
    }

    @Test
    void unknownGrantsAre400sNamingTheField() {
        var refused = org.junit.jupiter.api.Assertions.assertThrows(dev.wingman.platform.api.ApiException.class,
                () -> catalogue(NODES).requireDeclared(List.of("nodes:read", "nodes:raed"), "permissions", EnumSet.of(PANEL)));
        assertEquals(400, refused.status());
        assertEquals("permissions", refused.extra().get("field"));
        assertTrue(refused.getMessage().contains("nodes:raed"), refused.getMessage());
    }

    @Test
    void duplicatesAndMalformedNamesAreProblems() {
        Contribution again = Contribution.of("again")
                .permission("nodes:read", "See nodes again", PANEL)
                .audit("server", "server:reinstall", "Pterodactyl's spelling")
                .build();
        List<String> problems = PermissionRegistry.assemble(List.of(NODES, again)).problems();
        assertTrue(problems.contains("permission nodes:read is declared by both nodes and again"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("server:reinstall") && p.contains("resource.action")), problems.toString());
        assertEquals(List.of(), PermissionRegistry.assemble(List.of(NODES, OTHERS)).problems());
    }
}
