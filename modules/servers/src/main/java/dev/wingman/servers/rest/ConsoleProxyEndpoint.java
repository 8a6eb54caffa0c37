package dev.wingman.servers.rest;

import static dev.wingman.platform.api.JsonSupport.JSON;

import dev.wingman.servers.internal.console.ConsoleProxy;
import jakarta.enterprise.context.ContextNotActiveException;
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
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /api/client/servers/{server}/ws}: the server's console through the panel. Authenticate
 * with a first frame {@code {"event":"auth","args":["<session token or API key>"]}}; from then on
 * the frames are Wings' console protocol in both directions. The credential is never taken from
 * the URL, where reverse-proxy access logs and browser history would keep it: a socket opened
 * with {@code ?token=} is closed with 4001 at once, and the token is not used. Refusals close the
 * socket with 4001 (credential, or one in the URL), 4003 (no access), 4004 (unknown server), 4408
 * (no credential in time, or idle), 4429 (too many sockets for the account) or 4502 (Wings
 * unreachable). When the panel instance shuts down, every socket is closed with 1012 (Service
 * Restart) and a reason: reconnect, and the load balancer sends the socket to another instance.
 */
@ServerEndpoint("/api/client/servers/{server}/ws")
@Dependent // bean-defining, so annotated discovery finds it; one instance per socket
public class ConsoleProxyEndpoint {
    private static final Logger LOG = Logger.getLogger(ConsoleProxyEndpoint.class.getName());
    private static final CloseReason.CloseCode CREDENTIAL_REFUSED = CloseReason.CloseCodes.getCloseCode(ConsoleProxy.UNAUTHORIZED);
    /** The close reason for {@code ?token=}: what to do instead. */
    static final String IN_URL = "No credential in the URL: send {\"event\":\"auth\",\"args\":[\"<token>\"]} as the first frame";
    private volatile ConsoleProxy.Bridge bridge;
    private String reference;
    private Future<?> credentialDeadline;
    private volatile boolean refused;
    private ConsoleProxy proxy;

    @OnOpen
    public void open(Session session, @PathParam("server") String server) {
        this.reference = server;
        session.setMaxTextMessageBufferSize(64 * 1024);
        if (session.getRequestParameterMap().containsKey("token")) {
            refused = true; // an auth frame sent anyway is not read either
            close(session, CREDENTIAL_REFUSED, IN_URL);
            return;
        }
        proxy = proxy();
        if (!proxy.accept(session)) {
            refused = true; // closed with 1012: the instance is shutting down
            return;
        }
        credentialDeadline = proxy.awaitCredential(session, () -> bridge != null);
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
        if (refused) {
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
        if (proxy != null) {
            try {
                proxy.forget(session);
            } catch (ContextNotActiveException e) {
                // closed while the application shuts down: there is nothing left to keep track of
            }
        }
    }

    @OnError
    public void failed(Session session, Throwable error) {
        if (bridge != null) {
            bridge.close(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "client error");
        }
    }
}
