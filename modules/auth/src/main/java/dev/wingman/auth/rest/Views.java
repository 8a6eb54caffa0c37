package dev.wingman.auth.rest;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Request and response bodies of the accounts API. */
public final class Views {
    private Views() {
    }

    public record RegisterRequest(String email, String password, String name) {
    }

    public record LoginRequest(String email, String password) {
    }

    public record VerifyLoginRequest(String tempToken, String code, String recoveryCode) {
    }

    public record CodeRequest(String code) {
    }

    public record DisableTwoFactorRequest(String password, String code, String recoveryCode) {
    }

    public record UpdateMeRequest(String name, String currentPassword, String newPassword) {
    }

    public record ApiKeyRequest(String name, List<String> permissions, Instant expiresAt) {
    }

    public record RoleRequest(String name, String description, List<String> permissions) {
    }

    public record AssignRoleRequest(String roleId) {
    }

    public record AdminUserUpdate(Boolean suspended, String tier, List<String> roles) {
    }

    public record RoleRef(String id, String name) {
    }

    public record UserView(String id, String email, String name, String tier, boolean suspended, boolean twoFactorEnabled,
                    List<RoleRef> roles, Instant createdAt, Instant lastLoginAt) {
    }

    /** The caller's own account, with the permissions it holds. */
    /** The current account; {@code passwordChange} only in the answer to a password change. */
    public record MeView(String id, String email, String name, String tier, boolean twoFactorEnabled, List<RoleRef> roles,
                  Set<String> permissions, Instant createdAt, Instant lastLoginAt, PasswordChange passwordChange) {
    }

    /** What a password change did to the account's other credentials: sessions ended, API keys {@code "kept"}. */
    public record PasswordChange(int sessionsEnded, String apiKeys) {
    }

    /** A session, or (with twoFactorRequired) the challenge to answer at /api/auth/2fa/verify-login. */
    public record LoginResponse(String token, Instant expiresAt, String sessionId, UserView user, Boolean twoFactorRequired,
                         String tempToken) {
    }

    public record TwoFactorSetupResponse(String secret, String otpauthUri) {
    }

    public record RecoveryCodesResponse(List<String> recoveryCodes) {
    }

    public record SessionView(String id, Instant createdAt, Instant expiresAt, Instant lastSeenAt, String ip, String userAgent,
                       boolean current) {
    }

    public record RevokedResponse(int revoked) {
    }

    public record ApiKeyView(String id, String name, String prefix, Set<String> permissions, Instant expiresAt, Instant lastUsedAt,
                      Instant createdAt) {
    }

    /** Returned once, at creation: {@code key} is the secret and is never shown again. */
    public record CreatedApiKeyView(String id, String name, String prefix, Set<String> permissions, Instant expiresAt,
                             Instant createdAt, String key) {
    }

    public record RoleView(String id, String name, String description, boolean builtin, Set<String> permissions,
                    Instant createdAt, Instant updatedAt) {
    }
}
