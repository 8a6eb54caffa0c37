package dev.wingman.nodes.api;

/**
 * Implemented by modules that place things owned by organisations on nodes (servers). Scoping an
 * enterprise node to an organisation is refused with 409 while any implementation reports
 * something on it that the organisation does not own: its members read the node's Wings
 * credentials, which reach everything on it.
 */
public interface NodeTenants {

    /** How many of this kind on the node belong to anyone but {@code organisationId}. */
    long countOnNodeNotOwnedBy(String nodeId, String organisationId);

    /** The kind in the plural, for the refusal message ("servers"). */
    String kind();
}
