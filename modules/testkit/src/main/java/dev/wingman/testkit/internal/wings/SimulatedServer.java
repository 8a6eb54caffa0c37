package dev.wingman.testkit.internal.wings;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A server on the fake node: its power state, console log and stats, and what the panel did to it. */
public final class SimulatedServer {
    private static final int LOG_LINES = 150;

    final String uuid;
    volatile String state = "offline";
    volatile boolean suspended;
    /** Ignores stop: stays stopping until killed. */
    volatile boolean stubborn;
    /** Power actions fail with 500. */
    volatile boolean broken;
    /** File contents are sent in chunks without a Content-Length (Go Wings always sends one). */
    public volatile boolean contentsWithoutLength;
    final List<String> powerLog = new CopyOnWriteArrayList<>();
    final List<String> commands = new CopyOnWriteArrayList<>();
    /** The bodies of remote-download requests ({@code POST /files/pull}), in order. */
    final List<JsonObject> pulls = new CopyOnWriteArrayList<>();
    private final Deque<String> log = new ArrayDeque<>();
    final AtomicInteger syncs = new AtomicInteger();
    final AtomicInteger reinstalls = new AtomicInteger();
    final List<Console> consoles = new CopyOnWriteArrayList<>();
    private volatile long startedAt;
    /** The configuration Wings last read from the panel (create, sync or transfer). */
    volatile JsonObject configuration;
    volatile boolean installed;
    /** An outgoing transfer is running (source side). */
    volatile boolean transferring;
    /** Where the last outgoing transfer was sent, and whether it was pushed. */
    volatile String transferredTo;
    volatile boolean transferPushed;

    /** The server's data directory (created the first time it is asked for), as Wings keeps one per server. */
    private java.nio.file.Path files;

    SimulatedServer(String uuid) {
        this.uuid = uuid;
    }

    /** The server's data directory: a temporary directory of its own, created on first use. */
    public synchronized java.nio.file.Path files() {
        if (files == null) {
            try {
                files = java.nio.file.Files.createTempDirectory("fakewings-" + uuid + "-").toRealPath();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Deletes the data directory with everything in it, as Wings does with a deleted server's files. */
    public synchronized void deleteFiles() {
        if (files != null) {
            try {
                ServerFiles.deleteTree(files);
            } catch (java.io.IOException e) {
                // a test's temporary directory: what could not be removed is left to the system
            }
            files = null;
        }
    }

    public String uuid() {
        return uuid;
    }

    public String state() {
        return state;
    }

    /** Changes the power state; connected consoles are told (and sent stats when it went offline). */
    public void state(String newState) {
        boolean changed = !newState.equals(state);
        state = newState;
        if ("running".equals(newState)) {
            startedAt = System.currentTimeMillis();
        }
        if (changed) {
            broadcast("status", newState);
            if ("offline".equals(newState)) {
                broadcast("stats", stats().toString());
            }
        }
    }

    public void stubborn(boolean value) {
        this.stubborn = value;
    }

    public void broken(boolean value) {
        this.broken = value;
    }

    public void suspended(boolean value) {
        this.suspended = value;
    }

    /** A line the server printed: kept for {@code send logs} and sent to connected consoles while it runs. */
    public void print(String line) {
        synchronized (log) {
            log.addLast(line);
            while (log.size() > LOG_LINES) {
                log.removeFirst();
            }
        }
        if (!"offline".equals(state)) {
            broadcast("console output", line);
        }
    }

    public List<String> powerLog() {
        return List.copyOf(powerLog);
    }

    public List<JsonObject> pulls() {
        return List.copyOf(pulls);
    }

    public List<String> commands() {
        return List.copyOf(commands);
    }

    public int syncs() {
        return syncs.get();
    }

    public int reinstalls() {
        return reinstalls.get();
    }

    public JsonObject configuration() {
        return configuration;
    }

    public boolean installed() {
        return installed;
    }

    public boolean transferring() {
        return transferring;
    }

    public boolean transferPushed() {
        return transferPushed;
    }

    public String transferredTo() {
        return transferredTo;
    }

    public int consoles() {
        return consoles.size();
    }

    /** The kept console lines, oldest first. */
    List<String> logLines() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Sends one event to every connected console. */
    void broadcast(String event, String... args) {
        consoles.forEach(c -> c.emit(event, args));
    }

    /** Resource use as Wings reports it (zero while offline). */
    JsonObject stats() {
        boolean up = !"offline".equals(state);
        return Json.createObjectBuilder()
                .add("memory_bytes", up ? 536870912L : 0).add("memory_limit_bytes", 1610612736L)
                .add("cpu_absolute", up ? 12.5 : 0)
                .add("network", Json.createObjectBuilder().add("rx_bytes", up ? 1024 : 0).add("tx_bytes", up ? 2048 : 0))
                .add("uptime", up ? System.currentTimeMillis() - startedAt : 0).add("state", state)
                .add("disk_bytes", 1048576L).build();
    }

    /** The server as {@code GET /api/servers/{uuid}} answers it. */
    JsonObject json() {
        return Json.createObjectBuilder().add("state", state).add("is_suspended", suspended)
                .add("utilization", stats())
                .add("configuration", Json.createObjectBuilder().add("uuid", uuid).add("suspended", suspended))
                .build();
    }
}
