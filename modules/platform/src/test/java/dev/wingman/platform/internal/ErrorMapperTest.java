package dev.wingman.platform.internal;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

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
    void yassonsUnknownPropertyNamesTheField() {
        var refused = new jakarta.json.bind.JsonbException("Json property orgId can not be mapped to a class class X.");
        assertEquals("orgId", ErrorMapper.unknownField(new jakarta.ws.rs.ProcessingException(refused)));
        assertNull(ErrorMapper.unknownField(new jakarta.json.bind.JsonbException("Unable to deserialize property 'x'")));
    }
}
