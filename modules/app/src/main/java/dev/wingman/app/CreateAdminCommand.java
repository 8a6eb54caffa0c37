package dev.wingman.app;

import dev.wingman.auth.api.AdminAccounts;
import dev.wingman.platform.api.ApiException;
import io.helidon.microprofile.server.Server;
import jakarta.enterprise.inject.spi.CDI;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code create-admin --email E [--name N] [--password P]}: boots the panel's services on a
 * throw-away port against the configured (or embedded) database, creates an account with the admin
 * role, and exits. Without --password the password is read from standard input, so it stays out of
 * shell history and process lists.
 */
final class CreateAdminCommand {
    private CreateAdminCommand() {
    }

    static int run(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("Unexpected argument " + args[i]);
                return usage();
            }
        }
        String email = options.get("email");
        if (email == null) {
            return usage();
        }
        String password = options.get("password");
        if (password == null) {
            System.err.print("Password for " + email + ": ");
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null) {
                return usage();
            }
        }
        Settings.applyEnvironment();
        DevServices.startMissing();
        System.setProperty("server.port", "0");
        Server server = Server.builder().build().start();
        try {
            AdminAccounts bootstrap = CDI.current().select(AdminAccounts.class).get();
            String id = bootstrap.createAdmin(email, password, options.getOrDefault("name", "Administrator"));
            System.out.println("Created administrator " + email + " (id " + id + ")");
            return 0;
        } catch (ApiException e) {
            System.err.println("Could not create the administrator: " + e.getMessage());
            return 1;
        } finally {
            server.stop();
        }
    }

    private static int usage() {
        System.err.println("usage: create-admin --email EMAIL [--name NAME] [--password PASSWORD]");
        return 2;
    }
}
