package dev.wingman.organisations.api;

import java.util.Map;
import java.util.Set;

/**
 * What a module's organisation permissions give the built-in organisation roles. The owner
 * holds {@code *}; the admin and member roles hold the union of every module's grants for them,
 * so a module adding organisation permissions says here who gets them without editing the
 * organisations module. Implemented as a CDI bean (usually the module's
 * {@code PermissionContributor}); each grant must be an organisation permission the catalogue
 * declares, or start-up stops.
 */
public interface OrganisationRoleDefaults {
    String OWNER = "owner";
    String ADMIN = "admin";
    String MEMBER = "member";

    /** Grants (permissions or wildcards over them) by built-in role ({@link #ADMIN}, {@link #MEMBER}). */
    Map<String, Set<String>> builtInRoleGrants();
}
