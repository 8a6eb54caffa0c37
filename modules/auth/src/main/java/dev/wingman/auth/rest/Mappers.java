package dev.wingman.auth.rest;

import dev.wingman.auth.internal.ApiKey;
import dev.wingman.auth.internal.Role;
import dev.wingman.auth.internal.Session;
import dev.wingman.auth.internal.User;

/** Entities to response bodies. */
final class Mappers {
    private Mappers() {
    }

    static Views.UserView user(User u) {
        return new Views.UserView(u.id(), u.email(), u.name(), u.tier(), u.suspended(), u.totpEnabled(),
                u.roleList().stream().map(r -> new Views.RoleRef(r.id(), r.name())).toList(), u.createdAt(), u.lastLoginAt());
    }

    static Views.MeView me(User u) {
        return me(u, null);
    }

    static Views.MeView me(User u, Views.PasswordChange passwordChange) {
        return new Views.MeView(u.id(), u.email(), u.name(), u.tier(), u.totpEnabled(),
                u.roleList().stream().map(r -> new Views.RoleRef(r.id(), r.name())).toList(), u.permissions(),
                u.createdAt(), u.lastLoginAt(), passwordChange);
    }

    static Views.RoleView role(Role r) {
        return new Views.RoleView(r.id(), r.name(), r.description(), r.builtin(), r.permissions(), r.createdAt(), r.updatedAt());
    }

    static Views.SessionView session(Session s, String currentSessionId) {
        return new Views.SessionView(s.id(), s.createdAt(), s.expiresAt(), s.lastSeenAt(), s.ip(), s.userAgent(),
                s.id().equals(currentSessionId));
    }

    static Views.ApiKeyView apiKey(ApiKey k) {
        return new Views.ApiKeyView(k.id(), k.name(), k.prefix(), k.permissions(), k.expiresAt(), k.lastUsedAt(), k.createdAt());
    }
}
