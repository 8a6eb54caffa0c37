package dev.wingman.platform.internal;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorMapperTest {

    @Test
    void aUniqueViolationAnywhereInTheCauseChainIsAConflict() {
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        assertTrue(ErrorMapper.uniqueViolation(new IllegalStateException(new RuntimeException(duplicate))));
        assertFalse(ErrorMapper.uniqueViolation(new RuntimeException(new SQLException("deadlock", "40P01"))));
        assertFalse(ErrorMapper.uniqueViolation(new RuntimeException("no cause")));
    }
}
