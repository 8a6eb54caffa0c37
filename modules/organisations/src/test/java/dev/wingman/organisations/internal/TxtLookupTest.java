package dev.wingman.organisations.internal;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TxtLookupTest {
    private static void parses(String configured, String host, int port) throws Exception {
        InetSocketAddress address = TxtLookup.address(configured);
        assertEquals(InetAddress.getByName(host), address.getAddress(), configured);
        assertEquals(port, address.getPort(), configured);
    }

    @Test
    void resolversAreHostsWithOptionalPorts() throws Exception {
        parses("1.1.1.1", "1.1.1.1", 53);
        parses("127.0.0.1:5353", "127.0.0.1", 5353);
        parses("2606:4700:4700::1111", "2606:4700:4700::1111", 53);
        parses("[2606:4700:4700::1111]", "2606:4700:4700::1111", 53);
        parses("[::1]:5353", "::1", 5353);
    }

    @Test
    void aBadPortStopsStartUpWithTheSetting() {
        for (String bad : new String[] {"127.0.0.1:x", "127.0.0.1:70000", "[::1]x", "[::1]:"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TxtLookup.address(bad), bad);
            assertEquals(true, refused.getMessage().startsWith("wingman.dns.verification.resolvers"), refused.getMessage());
        }
    }
}
