/** Test support only: {@code PanelTest}, the base of every module's tests that boot the panel. */
module dev.wingman.testkit.panel {
    requires transitive dev.wingman.testkit;
    requires transitive dev.wingman.auth;
    requires transitive org.junit.jupiter.api;
    requires io.helidon.config.mp;

    exports dev.wingman.testkit.panel;

    opens dev.wingman.testkit.panel to weld.core.impl, io.helidon.microprofile.cdi;
}
