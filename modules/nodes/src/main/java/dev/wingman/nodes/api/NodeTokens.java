package dev.wingman.nodes.api;

import jakarta.json.JsonObject;

/**
 * Signs JWTs for a node's Wings (console sockets, downloads, transfers): HS256 keyed with the
 * node's token, as Wings verifies them. The token itself never leaves the nodes module.
 */
public interface NodeTokens {

    /** The signed JWT; {@code jti} also goes into the header, as the reference panel does. */
    String sign(String nodeId, JsonObject claims, String jti);
}
