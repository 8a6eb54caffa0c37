package dev.wingman.servers.internal.startup;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.servers.api.EggVariable;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.Server;
import dev.wingman.servers.internal.ServerService;
import dev.wingman.servers.internal.ServerStore;
import dev.wingman.servers.internal.WingsSync;
import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.servers.internal.client.ClientViews;
import dev.wingman.servers.internal.eggs.Egg;
import dev.wingman.servers.internal.eggs.EggService;
import dev.wingman.servers.internal.remote.WingsServerConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server's startup and settings through Pterodactyl's client API, as its StartupController and
 * SettingsController do: the variables users may see (with the startup command filled in),
 * changing an editable one within the egg's rules, choosing another of the egg's Docker images,
 * renaming, and reinstalling. Changes Wings runs by (variables, image, name) have the server's
 * Wings read its configuration again once committed, through the durable {@link WingsSync} job.
 */
@ApplicationScoped
public class ServerStartup {
    /** Pterodactyl's limit on a server's name, and on a Docker image's. */
    static final int MAX_NAME = 191;
    /** As Wingman's admin API bounds a description. */
    static final int MAX_DESCRIPTION = 2000;
    /** No egg rule needs more; bounds what is stored and sent to the node. */
    static final int MAX_VALUE = 4096;

    @Inject
    ClientServers actions;

    @Inject
    ServerStore store;

    @Inject
    ServerService servers;

    @Inject
    EggService eggs;

    @Inject
    WingsSync sync;

    public JsonObject variables(ClientServers.Access access) {
        actions.require(access, "startup.read");
        ClientServers.available(access.server());
        Server server = access.server();
        EggService.Shown shown = eggs.shown(server.eggId);
        Map<String, String> environment = environment(server);
        JsonArrayBuilder data = JSON.createArrayBuilder();
        shown.viewableVariables().forEach(v -> data.add(ClientViews.variable(v, environment)));
        JsonObjectBuilder images = JSON.createObjectBuilder();
        eggs.find(server.eggId).dockerImages().forEach(images::add);
        return JSON.createObjectBuilder().add("object", "list").add("data", data)
                .add("meta", meta(server, shown, environment).add("docker_images", images)).build();
    }

    @Transactional
    public JsonObject updateVariable(Caller caller, ClientServers.Access access, String key, String value) {
        actions.require(access, "startup.update");
        ClientServers.available(access.server());
        if (key == null || key.isBlank()) {
            throw ClientServers.invalid("key", "The key field is required.");
        }
        Egg egg = eggs.find(access.server().eggId);
        EggVariable variable = egg.variables().stream().filter(v -> v.envVariable().equals(key) && v.userViewable())
                .findFirst().orElseThrow(() -> ApiException.badRequest("The environment variable you are trying to edit does not exist."));
        if (!variable.userEditable()) {
            throw ApiException.badRequest("The environment variable you are trying to edit is read-only.");
        }
        String given = value == null ? "" : value;
        if (given.length() > MAX_VALUE) {
            throw ClientServers.invalid("value", "The value may not be greater than " + MAX_VALUE + " characters.");
        }
        eggs.ruleProblem(variable, given).ifPresent(problem -> {
            throw ClientServers.invalid("value", "The value " + problem + ".");
        });
        String original = environment(access.server()).getOrDefault(key, variable.defaultValue());
        Server server = store.change(access.server().id, s -> {
            ClientServers.available(s);
            s.variable(key, given);
        });
        if (!original.equals(given)) {
            actions.activity(caller, server, ServersPermissions.ACTIVITY_STARTUP_EDIT,
                    Map.of("variable", key, "old", original, "new", given));
            sync.afterCommit(server);
        }
        EggService.Shown shown = eggs.shown(server.eggId);
        Map<String, String> environment = environment(server);
        return JSON.createObjectBuilder(ClientViews.variable(variable, environment))
                .add("meta", meta(server, shown, environment)).build();
    }

    @Transactional
    public void dockerImage(Caller caller, ClientServers.Access access, String image) {
        actions.require(access, "startup.docker-image");
        ClientServers.available(access.server());
        if (image == null || image.isBlank()) {
            throw ClientServers.invalid("docker_image", "The docker image field is required.");
        }
        if (image.length() > MAX_NAME) {
            throw ClientServers.invalid("docker_image", "The docker image may not be greater than " + MAX_NAME + " characters.");
        }
        String original = access.server().dockerImage;
        java.util.Collection<String> images = eggs.find(access.server().eggId).dockerImages().values();
        Server server = store.change(access.server().id, s -> {
            ClientServers.available(s);
            s.image(image, images);
        });
        if (!original.equals(image)) {
            actions.activity(caller, server, ServersPermissions.ACTIVITY_STARTUP_IMAGE, Map.of("old", original, "new", image));
            sync.afterCommit(server);
        }
    }

    @Transactional
    public void rename(Caller caller, ClientServers.Access access, String name, String description) {
        actions.require(access, "settings.rename");
        ClientServers.available(access.server());
        if (name == null || name.isBlank()) {
            throw ClientServers.invalid("name", "The name field is required.");
        }
        if (name.length() > MAX_NAME) {
            throw ClientServers.invalid("name", "The name may not be greater than " + MAX_NAME + " characters.");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ClientServers.invalid("description", "The description may not be greater than " + MAX_DESCRIPTION + " characters.");
        }
        String original = access.server().name;
        Server server = store.change(access.server().id, s -> {
            ClientServers.available(s);
            s.rename(name, description);
        });
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("old", original);
        properties.put("new", name);
        if (description != null) {
            properties.put("description", true);
        }
        actions.activity(caller, server, ServersPermissions.ACTIVITY_SETTINGS_RENAME, properties);
        sync.afterCommit(server); // Wings shows the name in its configuration's meta
    }

    /**
     * Runs the egg's install script again through the server's Wings (not a job: the answer says
     * whether the node took it). The server is installing until Wings reports the install's end,
     * and every other client action answers 409 meanwhile.
     */
    public void reinstall(Caller caller, ClientServers.Access access) {
        actions.require(access, "settings.reinstall");
        Server server = access.server();
        if (server.suspended) {
            throw ApiException.conflict("This server is currently suspended and the functionality requested is unavailable.");
        }
        server.requireNotTransferring();
        servers.reinstall(server, e -> ClientServers.daemonError(e, false));
        actions.activity(caller, server, ServersPermissions.ACTIVITY_SETTINGS_REINSTALL, Map.of());
    }

    private Map<String, String> environment(Server server) {
        return WingsServerConfiguration.environment(server, servers.allocationsOf(server));
    }

    private static JsonObjectBuilder meta(Server server, EggService.Shown shown, Map<String, String> environment) {
        return JSON.createObjectBuilder().add("startup_command", ClientViews.invocation(server, shown, environment))
                .add("raw_startup_command", server.startup);
    }
}
