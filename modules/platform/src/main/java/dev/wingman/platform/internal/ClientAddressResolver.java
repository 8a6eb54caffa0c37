package dev.wingman.platform.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client address that rate limits and the audit log use. {@code X-Forwarded-For} is believed
 * only when the connection comes from a configured proxy ({@code wingman.http.trusted-proxies},
 * addresses or CIDR ranges); otherwise anybody could pick their own rate-limit bucket.
 */
@ApplicationScoped
public class ClientAddressResolver {
    private final List<byte[][]> trusted = new ArrayList<>();

    @Inject
    ClientAddressResolver(Config config) {
        config.getOptionalValues("wingman.http.trusted-proxies", String.class).ifPresent(list ->
                list.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(this::addRange));
    }

    ClientAddressResolver() {
    }

    private void addRange(String cidr) {
        String[] parts = cidr.split("/");
        byte[] address = parse(parts[0]);
        if (address == null) {
            throw new IllegalArgumentException("wingman.http.trusted-proxies: '" + cidr + "' is not an address or CIDR range");
        }
        int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : address.length * 8;
        byte[] mask = new byte[address.length];
        for (int i = 0; i < mask.length; i++) {
            int remaining = Math.max(0, Math.min(8, bits - i * 8));
            mask[i] = (byte) (0xFF << (8 - remaining));
        }
        trusted.add(new byte[][] {address, mask});
    }

    String resolve(String peer, String forwardedFor) {
        if (forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String ip) {
        if (trusted.isEmpty()) {
            return false;
        }
        byte[] address = parse(ip);
        if (address == null) {
            return false;
        }
        for (byte[][] range : trusted) {
            if (range[0].length == address.length && matches(address, range[0], range[1])) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] address, byte[] network, byte[] mask) {
        for (int i = 0; i < address.length; i++) {
            if ((address[i] & mask[i]) != (network[i] & mask[i])) {
                return false;
            }
        }
        return true;
    }

    /** Parses a literal address only; never resolves names. */
    private static byte[] parse(String ip) {
        if (ip == null || ip.isBlank() || !ip.matches("[0-9a-fA-F:.\\[\\]%]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(ip.replace("[", "").replace("]", "")).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
