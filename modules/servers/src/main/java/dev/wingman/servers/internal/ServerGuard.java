package dev.wingman.servers.internal;

import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.ResourceGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A server is visible to its administrators and to whoever holds a key on it, narrowed by an API key's scope. */
@ApplicationScoped
public class ServerGuard implements ResourceGuard {
    @Inject
    ServerService servers;

    @Override
    public String kind() {
        return "server";
    }

    @Override
    public void requireVisible(Caller caller, String id) {
        servers.visible(caller, id);
    }
}
