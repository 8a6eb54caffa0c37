package dev.wingman.organisations.api;

/**
 * Implemented by modules whose resources can belong to an organisation (servers, nodes). Deleting
 * an organisation is refused with 409 while any implementation still counts resources for it.
 */
public interface OrganisationResources {

    /** How many of this kind the organisation still owns. */
    long countOwnedBy(String organisationId);

    /** The kind in the plural, for the refusal message ("servers"). */
    String kind();
}
