package dev.wingman.auth.internal;

import dev.wingman.platform.api.AuditTrail;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.Page;
import dev.wingman.platform.api.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What happened to an account: entries of the panel trail whose target is the account (its
 * e-mail, password, API keys, SSH keys, two-factor authentication, and what administrators
 * changed). The Pterodactyl client API shows them as the account's activity, with Pterodactyl's
 * {@code user:} prefix on the action ({@code api-key.create} is {@code user:api-key.create}).
 */
@ApplicationScoped
public class AccountActivity {
    /** In an entry's details: whether an API key (rather than a session) made the change. Not shown as a property. */
    public static final String API_MARK = "_api";
    public static final Set<String> SORTABLE = Set.of("createdAt");
    static final String TARGET = "user";
    private static final String PTERODACTYL_PREFIX = "user:";

    @Inject
    AuditTrail audit;

    @Inject
    CurrentRequest request;

    /** Records {@code action} on the account in the current transaction, by the current caller. */
    void record(String action, String userId, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.put(API_MARK, request.caller().map(c -> c.apiKeyId() != null).orElse(false));
        audit.record(action, TARGET, userId, all);
    }

    /** The account's entries; {@code event} (Pterodactyl's name, or null for all) narrows them to one action. */
    public Page<AuditTrail.Entry> of(String userId, String event, PageRequest page) {
        String action = event == null ? null : event.startsWith(PTERODACTYL_PREFIX) ? event.substring(PTERODACTYL_PREFIX.length()) : event;
        return audit.search(AuditTrail.Scope.PANEL, new AuditTrail.Filter(null, action, TARGET, userId, null, null), page);
    }

    public static String pterodactylEvent(String action) {
        return PTERODACTYL_PREFIX + action;
    }
}
