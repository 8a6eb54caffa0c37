package dev.wingman.testkit.internal.wings;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server transfers between nodes, both sides: the source ({@code POST} and {@code DELETE
 * /api/servers/{uuid}/transfer}) streams the server's archive to the destination, the destination
 * ({@code POST /api/transfers}) checks and keeps it, and each reports the outcome to the panel.
 */
public final class Transfers {
    private static final String BOUNDARY = "fake-wings-transfer-boundary";

    private final Servers servers;
    private final NodeToken node;
    private final PanelClient panel;
    private volatile boolean failIncoming;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final List<String> incoming = new CopyOnWriteArrayList<>();

    public Transfers(Servers servers, NodeToken node, PanelClient panel) {
        this.servers = servers;
        this.node = node;
        this.panel = panel;
    }

    /** Makes incoming transfers fail after the archive arrived, as a failed extraction does. */
    public void failIncoming(boolean fail) {
        this.failIncoming = fail;
    }

    /** Holds outgoing transfers before they send anything until {@link #release()} (or a cancel). */
    public void hold() {
        this.gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** Server uuids this node received by transfer and reported as succeeded. */
    public List<String> incoming() {
        return List.copyOf(incoming);
    }

    /** {@code POST /api/servers/{uuid}/transfer}: starts pushing the server to the destination the panel named. */
    void start(ServerRequest req, ServerResponse res, SimulatedServer target) {
        JsonObject request = Answers.body(req, res);
        if (request == null) {
            return;
        }
        if (target.transferring) {
            Answers.error(res, 409, "A transfer is already in progress for this server.");
            return;
        }
        target.transferring = true;
        target.transferredTo = request.getString("url", "");
        target.transferPushed = false;
        res.status(Status.ACCEPTED_202).send();
        String authorization = request.getString("token", "");
        Thread.ofVirtual().start(() -> push(target, target.transferredTo, authorization));
    }

    /** {@code DELETE /api/servers/{uuid}/transfer}: cancels the running outgoing transfer. */
    void cancel(ServerResponse res, SimulatedServer target) {
        if (!target.transferring) {
            Answers.error(res, 409, "Server is not currently being transferred.");
            return;
        }
        target.transferring = false;
        target.broadcast("transfer status", "cancelled");
        res.status(Status.ACCEPTED_202).send();
    }

    /**
     * The source side of a transfer: stops the server, then streams its "archive" to the
     * destination as multipart form data (part {@code archive}, then {@code checksum}, the hex
     * SHA-256 of the archive) with the {@code Authorization} value the panel gave, verbatim. A push
     * the destination refuses, or that cannot connect, is reported to the panel as a failure.
     */
    private void push(SimulatedServer target, String url, String authorization) {
        target.broadcast("transfer status", "processing");
        target.state("offline");
        try {
            gate.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!target.transferring) {
            return; // cancelled while held
        }
        byte[] archive = ("fake archive of " + target.uuid + "\n" + String.join("\n", target.commands)).getBytes(StandardCharsets.UTF_8);
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"archive.tar.gz\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"checksum\"\r\n\r\n" + sha256(archive)
                + "\r\n--" + BOUNDARY + "--\r\n";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(archive);
        body.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        boolean pushed;
        try {
            var response = panel.http().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization)
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                    HttpResponse.BodyHandlers.discarding());
            pushed = response.statusCode() == 200;
        } catch (IOException e) {
            pushed = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        target.transferPushed = pushed;
        if (!pushed) {
            target.transferring = false;
            target.broadcast("transfer status", "failed");
            panel.reportTransfer(target.uuid, false);
        }
    }

    /**
     * The destination side ({@code POST /api/transfers}): the JWT must be HS256 with this node's
     * token, unexpired, its {@code sub} the server's uuid; the checksum must match. It then reads
     * the server's configuration from the panel, keeps the server and reports success; anything
     * failing after the token check is reported as a failure.
     */
    void receive(ServerRequest req, ServerResponse res, String authorization) {
        JsonObject claims = authorization.startsWith("Bearer ") ? node.verifyJwt(authorization.substring(7)) : null;
        long now = System.currentTimeMillis() / 1000;
        if (claims == null || !claims.containsKey("exp") || claims.getJsonNumber("exp").longValue() < now
                || !Answers.UUID_V4.matcher(claims.getString("sub", "")).matches()) {
            Answers.error(res, 401, Answers.NO_AUTHORIZATION);
            return;
        }
        String uuid = claims.getString("sub");
        Map<String, byte[]> parts = multipart(req.content().as(byte[].class),
                req.headers().first(HeaderNames.CONTENT_TYPE).orElse(""));
        byte[] archive = parts.get("archive");
        byte[] checksum = parts.get("checksum");
        boolean valid = archive != null && checksum != null
                && sha256(archive).equals(new String(checksum, StandardCharsets.UTF_8).strip());
        if (!valid || failIncoming) {
            panel.reportTransfer(uuid, false);
            Answers.error(res, 500, Answers.UNEXPECTED);
            return;
        }
        try {
            JsonObject configuration = panel.server(uuid);
            SimulatedServer received = servers.add(uuid);
            received.configuration = configuration;
            received.installed = true;
            panel.reportTransfer(uuid, true);
            incoming.add(uuid);
        } catch (RuntimeException e) {
            servers.remove(uuid);
            panel.reportTransfer(uuid, false);
            Answers.error(res, 500, Answers.UNEXPECTED);
            return;
        }
        res.status(Status.OK_200).send();
    }

    /** The named parts of a multipart/form-data body (enough of RFC 7578 for the transfer stream). */
    private static Map<String, byte[]> multipart(byte[] body, String contentType) {
        Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        Map<String, byte[]> parts = new HashMap<>();
        if (!m.find()) {
            return parts;
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + m.group(1);
        for (String part : text.split(Pattern.quote(delimiter))) {
            int split = part.indexOf("\r\n\r\n");
            Matcher name = Pattern.compile("name=\"([^\"]+)\"").matcher(part);
            if (split < 0 || !name.find() || name.start() > split) {
                continue;
            }
            String content = part.substring(split + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            parts.put(name.group(1), content.getBytes(StandardCharsets.ISO_8859_1));
        }
        return parts;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
