package dev.wingman.testkit.internal.wings;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's servers and what Wings does to them: power actions with their transitions, console
 * commands, and the install and sync it runs against the panel.
 */
public final class Servers {
    private final Map<String, SimulatedServer> servers = new ConcurrentHashMap<>();
    private final PanelClient panel;
    private volatile Duration transitionDelay = Duration.ofMillis(20);
    private volatile Duration powerReplyDelay = Duration.ZERO;
    private volatile boolean failInstalls;

    public Servers(PanelClient panel) {
        this.panel = panel;
    }

    /** The server with this uuid, added if the node does not have it yet. */
    public SimulatedServer add(String uuid) {
        return servers.computeIfAbsent(uuid, SimulatedServer::new);
    }

    /** The server with this uuid, or null. */
    public SimulatedServer get(String uuid) {
        return servers.get(uuid);
    }

    public void remove(String uuid) {
        servers.remove(uuid);
    }

    /** The servers now (a live, read-only view). */
    public Collection<SimulatedServer> all() {
        return Collections.unmodifiableCollection(servers.values());
    }

    /** How long starting, stopping and installing take. */
    /** How long a power action takes to be answered once Wings took it (a slow node). */
    public void powerReplyDelay(Duration delay) {
        this.powerReplyDelay = delay;
    }

    public void transitionDelay(Duration delay) {
        this.transitionDelay = delay;
    }

    /** Makes installs report failure to the panel. */
    public void failInstalls(boolean fail) {
        this.failInstalls = fail;
    }

    /** Applies a power action; null when accepted, else "<status> <message>". */
    String power(SimulatedServer target, String action) {
        if (!Set.of("start", "stop", "restart", "kill").contains(action)) {
            return "422 The power action provided was not valid, should be one of \"stop\", \"start\", \"restart\", \"kill\"";
        }
        if (target.suspended && (action.equals("start") || action.equals("restart"))) {
            return "400 Cannot start or restart a server that is suspended.";
        }
        if (target.broken) {
            return "500 " + Answers.UNEXPECTED;
        }
        target.powerLog.add(action);
        switch (action) {
            case "start" -> {
                if ("offline".equals(target.state)) {
                    transition(target, "starting", "running");
                }
            }
            case "stop" -> {
                if (!"offline".equals(target.state)) {
                    transition(target, "stopping", target.stubborn ? null : "offline");
                }
            }
            case "restart" -> {
                target.state("stopping");
                transition(target, "starting", "running");
            }
            default -> target.state("offline");
        }
        if (!powerReplyDelay.isZero()) {
            try {
                Thread.sleep(powerReplyDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return null;
    }

    /** Writes commands to the server's console; false when it is offline. */
    static boolean command(SimulatedServer target, List<String> lines) {
        if (!"running".equals(target.state) && !"starting".equals(target.state)) {
            return false;
        }
        lines.forEach(line -> {
            target.commands.add(line);
            target.print("> " + line);
        });
        return true;
    }

    /** Moves to {@code now}, then after the transition delay to {@code then} (unless something else changed it). */
    private void transition(SimulatedServer target, String now, String then) {
        target.state(now);
        if (then == null) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(transitionDelay.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            synchronized (target) {
                if (now.equals(target.state)) {
                    target.state(then);
                }
            }
        });
    }

    /** Runs the "installer" and reports it to the panel, as Wings does after creating a server. */
    void install(SimulatedServer server, boolean start, boolean reinstall) {
        try {
            Thread.sleep(transitionDelay.toMillis());
            server.broadcast("install started", "");
            server.broadcast("install completed", "");
            panel.reportInstall(server.uuid, !failInstalls, reinstall);
            server.installed = true;
            if (start && !failInstalls) {
                server.state("running");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            server.print("[Pterodactyl Daemon]: install report failed: " + e.getMessage());
        }
    }

    /**
     * What Wings does on sync: re-reads the server from the panel and applies it; a server that
     * became suspended is stopped. False when the panel could not be read.
     */
    boolean resync(SimulatedServer target) {
        try {
            JsonObject configuration = panel.server(target.uuid);
            target.configuration = configuration;
            target.suspended = configuration.getJsonObject("settings").getBoolean("suspended", false);
            if (target.suspended && !"offline".equals(target.state)) {
                target.state("offline");
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
