package dev.wingman.platform.api;

/**
 * Decides whether a caller may see one resource of a kind, for operations declared
 * {@code @Authenticated(scope = Scopes.RESOURCE, grant = "<kind>...")}. The access filter asks it
 * with the operation's path parameter before the body is read, so a caller who may not see the
 * resource (another tenant, an API key whose scope does not reach it) gets 404 whatever they
 * sent, and the operation's own code never runs for them. A module implements it as a CDI bean
 * for each kind it owns.
 */
public interface ResourceGuard {
    /** The kind, as the first segment of {@link Authenticated#grant()} names it: {@code server}, {@code organisation}. */
    String kind();

    /** Throws the kind's 404 unless the caller may see the resource {@code id}. */
    void requireVisible(Caller caller, String id);
}
