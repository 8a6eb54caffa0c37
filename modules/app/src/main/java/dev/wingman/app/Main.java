package dev.wingman.app;

import java.util.Arrays;

/**
 * Starts the panel, or runs a command: {@code java -jar wingman.jar create-admin --email E [--name N]
 * [--password P]} (without --password the password is read from standard input).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("create-admin")) {
            System.exit(CreateAdminCommand.run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Settings.applyEnvironment();
        DevServices.startMissing();
        io.helidon.Main.main(args);
    }
}
