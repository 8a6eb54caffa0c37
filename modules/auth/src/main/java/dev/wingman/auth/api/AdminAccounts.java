package dev.wingman.auth.api;

/** Creates administrator accounts outside the HTTP API (the command line, first start). */
public interface AdminAccounts {

    /** Creates an account holding the admin role and answers its id; fails with the reason (taken e-mail, weak password). */
    String createAdmin(String email, String password, String name);
}
