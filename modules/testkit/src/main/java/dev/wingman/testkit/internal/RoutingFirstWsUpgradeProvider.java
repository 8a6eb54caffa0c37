package dev.wingman.testkit.internal;

import io.helidon.common.Weight;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgradeProvider;
import io.helidon.webserver.websocket.WsUpgrader;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Lets FakeWings' WebSocket routes and the panel's jakarta.websocket (Tyrus) endpoints live in
 * one test JVM. Helidon keeps one WebSocket upgrader per server, and with Tyrus on the class path
 * Tyrus' wins on every server, so FakeWings' routes would never upgrade. This upgrader tries the
 * server's own WebSocket routes first and hands everything else to the other upgraders (Tyrus).
 * Test support only: testkit is never on the panel's run-time class path.
 */
@Weight(1000)
public class RoutingFirstWsUpgradeProvider implements Http1UpgradeProvider<WsConfig> {

    @Override
    public String protocolType() {
        return "websocket";
    }

    @Override
    public Class<WsConfig> protocolConfigType() {
        return WsConfig.class;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
        Http1Upgrader routes = WsUpgrader.create(config);
        List<Http1Upgrader> others = ServiceLoader.load(Http1UpgradeProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> !(p instanceof RoutingFirstWsUpgradeProvider) && p.getClass() != WsUpgradeProvider.class)
                .filter(p -> "websocket".equals(p.protocolType()) && p.protocolConfigType() == WsConfig.class)
                .map(p -> ((Http1UpgradeProvider) p).create(config, configs))
                .map(Http1Upgrader.class::cast)
                .toList();
        return new Http1Upgrader() {
            @Override
            public String supportedProtocol() {
                return routes.supportedProtocol();
            }

            @Override
            public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
                ServerConnection connection = routes.upgrade(ctx, prologue, headers);
                for (int i = 0; connection == null && i < others.size(); i++) {
                    connection = others.get(i).upgrade(ctx, prologue, headers);
                }
                return connection;
            }
        };
    }
}
