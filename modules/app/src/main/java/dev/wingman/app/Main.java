package dev.wingman.app;

import dev.wingman.auth.api.FirstAdministrator;
import dev.wingman.platform.api.StartupRefused;

import java.util.Arrays;

/**
 * Starts the panel, or runs a command: {@code java -jar wingman.jar create-admin --email E [--name N]
 * [--password P]} (without --password the password is read from standard input). A panel that
 * cannot start exits with status 1 after saying why on standard error; settings it refuses
 * ({@link StartupRefused}) are named without a stack trace.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            // Settings the panel would refuse once up are refused before anything starts.
            FirstAdministrator.requested(Settings.get("wingman.admin.email"), Settings.get("wingman.admin.password"),
                    Settings.get("wingman.admin.name"));
            if (args.length > 0 && args[0].equals("create-admin")) {
                status = CreateAdminCommand.run(Arrays.copyOfRange(args, 1, args.length));
            } else {
                Settings.applyEnvironment();
                DevServices.startMissing();
                io.helidon.Main.main(args);
                return;
            }
        } catch (Throwable e) {
            StartupRefused refused = refusal(e);
            if (refused != null) {
                System.err.println("Wingman did not start: " + refused.getMessage());
            } else {
                System.err.println("Wingman did not start: " + e);
                e.printStackTrace();
            }
            status = 1;
        }
        // Also ends the threads a failed start left behind; shutdown hooks stop the embedded services.
        System.exit(status);
    }

    /** The refusal among the causes of a start-up failure, if that is what it was. */
    static StartupRefused refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StartupRefused refused) {
                return refused;
            }
        }
        return null;
    }
}
