package dev.wingman.platform.internal;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorMapperTest {

    @Test
    void aUniqueViolationAnywhereInTheCauseChainIsAConflict() {
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        assertTrue(ErrorMapper.uniqueViolation(new IllegalStateException(new RuntimeException(duplicate))));
        assertFalse(ErrorMapper.uniqueViolation(new RuntimeException(new SQLException("deadlock", "40P01"))));
        assertFalse(ErrorMapper.uniqueViolation(new RuntimeException("no cause")));
    }

    @Test
    void privilegedFieldsReachOnlyCallersHoldingThePermission() {
        ApiException failure = new ApiException(502, "Node 'EU-1' failed (HTTP 500)", Map.of("node", "n1"),
                Map.of("Retry-After", "5"), "nodes:read", Map.of("upstream", "dial tcp 10.0.0.7:8080: refused"));
        ErrorMapper mapper = new ErrorMapper();
        mapper.request = new CurrentRequest();
        mapper.request.identify("r1", "127.0.0.1", "", "/api/servers/x");
        assertEquals(Map.of("error", "Node 'EU-1' failed (HTTP 500)", "node", "n1"), mapper.toResponse(failure).getEntity(),
                "no caller");
        mapper.request.authenticate(new Caller("u1", "u@example.com", "free", "s1", null, Set.of("servers:read"), null));
        assertEquals(Map.of("error", "Node 'EU-1' failed (HTTP 500)", "node", "n1"), mapper.toResponse(failure).getEntity(),
                "a caller without the permission");
        assertEquals("5", mapper.toResponse(failure).getHeaderString("Retry-After"));
        mapper.request.authenticate(new Caller("a1", "a@example.com", "free", "s2", null, Set.of("*"), null));
        assertEquals(Map.of("error", "Node 'EU-1' failed (HTTP 500)", "node", "n1", "upstream",
                "dial tcp 10.0.0.7:8080: refused"), mapper.toResponse(failure).getEntity(), "a node administrator");
    }

    @Test
    void yassonsUnknownPropertyNamesTheField() {
        var refused = new jakarta.json.bind.JsonbException("Json property orgId can not be mapped to a class class X.");
        assertEquals("orgId", ErrorMapper.unknownField(new jakarta.ws.rs.ProcessingException(refused)));
        assertNull(ErrorMapper.unknownField(new jakarta.json.bind.JsonbException("Unable to deserialize property 'x'")));
    }
}
