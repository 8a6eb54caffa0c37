package dev.wingman.servers.rest;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.servers.internal.ConsoleProxy;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /api/client/servers/{server}/ws}: the server's console through the panel. Authenticate
 * with {@code ?token=<session token or API key>}, or with a first frame
 * {@code {"event":"auth","args":["<session token or API key>"]}}; from then on the frames are
 * Wings' console protocol in both directions. Refusals close the socket with 4001 (credential),
 * 4003 (no access), 4004 (unknown server), 4408 (no credential in time, or idle), 4429 (too many
 * sockets for the account) or 4502 (Wings unreachable).
 */
@ServerEndpoint("/api/client/servers/{server}/ws")
@Dependent // bean-defining, so annotated discovery finds it; one instance per socket
public class ConsoleProxyEndpoint {
    private static final Logger LOG = Logger.getLogger(ConsoleProxyEndpoint.class.getName());
    private volatile ConsoleProxy.Bridge bridge;
    private String reference;
    private Future<?> credentialDeadline;

    @OnOpen
    public void open(Session session, @PathParam("server") String server) {
        this.reference = server;
        session.setMaxTextMessageBufferSize(64 * 1024);
        List<String> token = session.getRequestParameterMap().get("token");
        if (token != null && !token.isEmpty()) {
            connect(session, token.get(0));
        } else {
            credentialDeadline = proxy().awaitCredential(session, () -> bridge != null);
        }
    }

    private static ConsoleProxy proxy() {
        return CDI.current().select(ConsoleProxy.class).get();
    }

    @OnMessage
    public void message(Session session, String text) {
        if (bridge != null) {
            bridge.fromClient(text);
            return;
        }
        try (var reader = JSON.createReader(new StringReader(text))) {
            JsonObject frame = reader.readObject();
            if ("auth".equals(frame.getString("event", "")) && frame.containsKey("args") && !frame.getJsonArray("args").isEmpty()) {
                connect(session, frame.getJsonArray("args").getString(0));
            }
        } catch (JsonException | ClassCastException | IndexOutOfBoundsException e) {
            // not an auth frame: ignored until the client authenticates
        }
    }

    private void connect(Session session, String credential) {
        try {
            bridge = proxy().open(session, reference, credential);
            if (credentialDeadline != null) {
                credentialDeadline.cancel(false);
            }
        } catch (ConsoleProxy.Refused refused) {
            LOG.fine(() -> "Console proxy refused: " + refused.code() + " " + refused.getMessage());
            close(session, CloseReason.CloseCodes.getCloseCode(refused.code()), refused.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not open a console proxy session", e);
            close(session, CloseReason.CloseCodes.UNEXPECTED_CONDITION, "Internal error");
        }
    }

    private static void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException e) {
            // the client is gone already
        }
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        if (credentialDeadline != null) {
            credentialDeadline.cancel(false);
        }
        if (bridge != null) {
            bridge.close(CloseReason.CloseCodes.NORMAL_CLOSURE.getCode(), "client closed");
        }
    }

    @OnError
    public void failed(Session session, Throwable error) {
        if (bridge != null) {
            bridge.close(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "client error");
        }
    }
}
