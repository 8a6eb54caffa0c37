package dev.wingman.nodes.internal;

import dev.wingman.nodes.api.NodeTypes;
import dev.wingman.platform.api.ApiException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a node's fields from a request body onto a {@link Node}, validating each and naming the
 * field when it is wrong. On create every absent field gets its documented default; on update an
 * absent field is left alone and an explicit null clears an optional one.
 */
public final class NodeSpec {
    static final Set<String> FIELDS = Set.of("name", "url", "token", "nodeType", "fqdn", "sftpPort", "portRangeStart",
            "portRangeEnd", "ipv4Addresses", "ipv6Subnet", "backendWingsUrl", "memory", "memoryOverallocate", "disk",
            "diskOverallocate", "serverLimit", "deploymentsEnabled", "maintenance");
    static final int DEFAULT_SFTP_PORT = 2022;
    static final String DEFAULT_NODE_TYPE = NodeTypes.PAID;
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    public static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{16,512}");

    private final JsonObject body;

    private NodeSpec(JsonObject body) {
        this.body = body;
        for (String key : body.keySet()) {
            if (!FIELDS.contains(key)) {
                throw ApiException.invalidField(key, "is not a node field");
            }
        }
    }

    static NodeSpec of(JsonObject body) {
        if (body == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        return new NodeSpec(body);
    }

    boolean has(String field) {
        return body.containsKey(field);
    }

    /** Fills a new node: name, url and token are required, the rest default. */
    void create(Node node) {
        for (String required : List.of("name", "url", "token")) {
            if (!has(required) || body.isNull(required)) {
                throw ApiException.invalidField(required, "is required");
            }
        }
        node.nodeType = DEFAULT_NODE_TYPE;
        node.sftpPort = DEFAULT_SFTP_PORT;
        node.deploymentsEnabled = true;
        apply(node);
        if (!has("fqdn") || body.isNull("fqdn")) {
            node.fqdn = URI.create(node.url).getHost().toLowerCase(Locale.ROOT);
        }
        if (!has("ipv4Addresses") || body.isNull("ipv4Addresses")) {
            // Wings binds allocations on every interface unless the node's address is known.
            node.ipv4Addresses = List.of(IPV4.matcher(node.fqdn).matches() ? node.fqdn : "0.0.0.0");
        }
    }

    /** Applies the fields present in the body. The token is read separately (see {@link #token()}). */
    void apply(Node node) {
        if (has("name")) {
            node.name = text("name", 100);
        }
        if (has("url")) {
            node.url = url("url", true);
        }
        if (has("backendWingsUrl")) {
            node.backendUrl = url("backendWingsUrl", false);
        }
        if (has("nodeType")) {
            String type = text("nodeType", 20);
            if (!NodeTypes.ALL.contains(type)) {
                throw ApiException.invalidField("nodeType", "must be one of " + String.join(", ", NodeTypes.ALL));
            }
            node.nodeType = type;
        }
        if (has("fqdn") && !body.isNull("fqdn")) {
            String fqdn = text("fqdn", 253).toLowerCase(Locale.ROOT);
            if (!HOSTNAME.matcher(fqdn).matches() && !IPV4.matcher(fqdn).matches()) {
                throw ApiException.invalidField("fqdn", "must be a host name or an IPv4 address");
            }
            node.fqdn = fqdn;
        }
        if (has("sftpPort")) {
            node.sftpPort = integer("sftpPort", 1, 65535, DEFAULT_SFTP_PORT);
        }
        if (has("portRangeStart") || has("portRangeEnd")) {
            Integer start = has("portRangeStart") ? optionalInteger("portRangeStart", 1, 65535) : node.portRangeStart;
            Integer end = has("portRangeEnd") ? optionalInteger("portRangeEnd", 1, 65535) : node.portRangeEnd;
            if ((start == null) != (end == null)) {
                throw ApiException.invalidField(start == null ? "portRangeStart" : "portRangeEnd",
                        "portRangeStart and portRangeEnd must be set together");
            }
            if (start != null && start > end) {
                throw ApiException.invalidField("portRangeEnd", "must not be below portRangeStart");
            }
            node.portRangeStart = start;
            node.portRangeEnd = end;
        }
        if (has("ipv4Addresses") && !body.isNull("ipv4Addresses")) {
            node.ipv4Addresses = ipv4List();
        }
        if (has("ipv6Subnet")) {
            node.ipv6Subnet = body.isNull("ipv6Subnet") ? null : ipv6Subnet(text("ipv6Subnet", 64));
        }
        if (has("memory")) {
            node.memoryMib = longValue("memory");
        }
        if (has("disk")) {
            node.diskMib = longValue("disk");
        }
        if (has("memoryOverallocate")) {
            node.memoryOverallocate = integer("memoryOverallocate", -1, 1000, 0);
        }
        if (has("diskOverallocate")) {
            node.diskOverallocate = integer("diskOverallocate", -1, 1000, 0);
        }
        if (has("serverLimit")) {
            node.serverLimit = optionalInteger("serverLimit", 0, 1_000_000);
        }
        if (has("deploymentsEnabled")) {
            node.deploymentsEnabled = bool("deploymentsEnabled");
        }
        if (has("maintenance")) {
            node.maintenance = bool("maintenance");
        }
    }

    /** The token in the body, if any. */
    String token() {
        if (!has("token") || body.isNull("token")) {
            return null;
        }
        String token = text("token", 512);
        if (!TOKEN.matcher(token).matches()) {
            throw ApiException.invalidField("token", "must be 16 to 512 printable characters without spaces");
        }
        return token;
    }

    private String text(String field, int max) {
        JsonValue value = body.get(field);
        if (!(value instanceof JsonString string) || string.getString().isBlank()) {
            throw ApiException.invalidField(field, "must be a non-empty string");
        }
        String text = string.getString().strip();
        if (text.length() > max) {
            throw ApiException.invalidField(field, "must be at most " + max + " characters");
        }
        return text;
    }

    private String url(String field, boolean required) {
        if (body.isNull(field)) {
            if (required) {
                throw ApiException.invalidField(field, "is required");
            }
            return null;
        }
        String text = text(field, 500);
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw ApiException.invalidField(field, "must be an http:// or https:// URL");
            }
            if (uri.getHost() == null) {
                throw ApiException.invalidField(field, "must name a host");
            }
            if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                    || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                throw ApiException.invalidField(field, "must be the Wings base URL only (scheme, host and port)");
            }
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (URISyntaxException e) {
            throw ApiException.invalidField(field, "is not a valid URL");
        }
    }

    private int integer(String field, int min, int max, int fallback) {
        Integer value = optionalInteger(field, min, max);
        return value == null ? fallback : value;
    }

    private Integer optionalInteger(String field, int min, int max) {
        if (body.isNull(field)) {
            return null;
        }
        JsonValue value = body.get(field);
        if (!(value instanceof JsonNumber number) || !number.isIntegral()
                || number.bigIntegerValue().compareTo(BigInteger.valueOf(min)) < 0
                || number.bigIntegerValue().compareTo(BigInteger.valueOf(max)) > 0) {
            throw ApiException.invalidField(field, "must be a whole number from " + min + " to " + max);
        }
        return number.intValue();
    }

    private long longValue(String field) {
        JsonValue value = body.get(field);
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.bigIntegerValue().signum() < 0
                || number.bigIntegerValue().bitLength() > 40) {
            throw ApiException.invalidField(field, "must be a whole number of MiB, 0 or more");
        }
        return number.longValue();
    }

    private boolean bool(String field) {
        JsonValue value = body.get(field);
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw ApiException.invalidField(field, "must be true or false");
        }
        return value == JsonValue.TRUE;
    }

    private List<String> ipv4List() {
        JsonValue value = body.get("ipv4Addresses");
        if (!(value instanceof jakarta.json.JsonArray array) || array.isEmpty() || array.size() > 64) {
            throw ApiException.invalidField("ipv4Addresses", "must be a list of 1 to 64 IPv4 addresses");
        }
        Set<String> addresses = new LinkedHashSet<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s) || !IPV4.matcher(s.getString()).matches()) {
                throw ApiException.invalidField("ipv4Addresses", "must contain only IPv4 addresses such as 203.0.113.10");
            }
            addresses.add(s.getString());
        }
        return new ArrayList<>(addresses);
    }

    /** A /64 or narrower IPv6 network, answered in canonical form with the host bits cleared. */
    static String ipv6Subnet(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (slash < 0 || !address.contains(":") || !address.matches("[0-9a-fA-F:]+")) {
            throw ApiException.invalidField("ipv6Subnet", "must be an IPv6 network in CIDR form, such as 2001:db8:1:2::/64");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw ApiException.invalidField("ipv6Subnet", "must end in a prefix length such as /64");
        }
        if (prefix < 64 || prefix > 128) {
            throw ApiException.invalidField("ipv6Subnet", "must be a /64 or narrower (prefix 64 to 128)");
        }
        try {
            // A literal with ':' is parsed, never looked up.
            InetAddress parsed = InetAddress.getByName(address);
            if (!(parsed instanceof Inet6Address)) {
                throw ApiException.invalidField("ipv6Subnet", "must be an IPv6 network");
            }
            byte[] bytes = parsed.getAddress();
            for (int bit = prefix; bit < 128; bit++) {
                bytes[bit / 8] &= (byte) ~(1 << (7 - bit % 8));
            }
            return compress(InetAddress.getByAddress(bytes).getHostAddress()) + "/" + prefix;
        } catch (UnknownHostException e) {
            throw ApiException.invalidField("ipv6Subnet", "is not a valid IPv6 address");
        }
    }

    /** RFC 5952 form: the longest run of two or more zero groups becomes "::". */
    public static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }

    /** Whether an IPv6 address lies in the subnet. */
    public static boolean inSubnet(String address, String subnet) {
        try {
            int slash = subnet.indexOf('/');
            byte[] network = InetAddress.getByName(subnet.substring(0, slash)).getAddress();
            int prefix = Integer.parseInt(subnet.substring(slash + 1));
            if (!address.contains(":") || !address.matches("[0-9a-fA-F:]+")) {
                return false;
            }
            byte[] candidate = InetAddress.getByName(address).getAddress();
            if (candidate.length != 16) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 1 << (7 - bit % 8);
                if ((network[bit / 8] & mask) != (candidate[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }
}
