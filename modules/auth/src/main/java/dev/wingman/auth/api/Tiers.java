package dev.wingman.auth.api;

import java.util.List;

/** Portal tiers (seed 000): they decide which nodes and plans an account may use. */
public final class Tiers {
    public static final String FREE = "free";
    public static final String PAID = "paid";
    public static final String EDUCATIONAL = "educational";
    public static final String ENTERPRISE = "enterprise";
    public static final List<String> ALL = List.of(FREE, PAID, EDUCATIONAL, ENTERPRISE);

    private Tiers() {
    }
}
