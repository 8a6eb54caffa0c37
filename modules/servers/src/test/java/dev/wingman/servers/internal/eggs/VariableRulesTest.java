package dev.wingman.servers.internal.eggs;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariableRulesTest {

    @Test
    void splitsRulesButNotTheRegexInside() {
        assertEquals(List.of("required", "string", "max:20"), VariableRules.split("required|string|max:20"));
        assertEquals(List.of("required", "regex:/^(true|false)$/", "max:5"), VariableRules.split("required|regex:/^(true|false)$/|max:5"));
        assertEquals(List.of("nullable", "regex:/^(a|b)$/"), VariableRules.split("nullable|regex:/^(a|b)$/"));
    }

    @Test
    void checksValuesLikeLaravel() {
        assertEquals(Optional.of("is required"), VariableRules.check("required|string", ""));
        assertEquals(Optional.empty(), VariableRules.check("nullable|string|max:5", null));
        assertEquals(Optional.of("must be at most 20 characters"), VariableRules.check("required|string|max:20", "x".repeat(21)));
        assertEquals(Optional.empty(), VariableRules.check("required|integer|between:1,100", "100"));
        assertEquals(Optional.of("must be between 1 and 100"), VariableRules.check("required|integer|between:1,100", "101"));
        assertEquals(Optional.of("must be an integer"), VariableRules.check("required|integer", "1.5"));
        assertEquals(Optional.of("must be at least 1024"), VariableRules.check("required|numeric|min:1024", "512"));
        assertEquals(Optional.empty(), VariableRules.check("required|boolean", "1"));
        assertEquals(Optional.of("must be one of vanilla, paper"), VariableRules.check("required|in:vanilla,paper", "forge"));
        assertEquals(Optional.empty(), VariableRules.check("required|regex:/^([\\w\\d._-]+)(\\.jar)$/", "server.jar"));
        assertEquals(Optional.of("has an invalid format"), VariableRules.check("required|regex:/^([\\w\\d._-]+)(\\.jar)$/", "server.zip"));
        assertEquals(Optional.empty(), VariableRules.check("required|regex:/^latest$/i", "LATEST"));
        assertEquals(Optional.empty(), VariableRules.check("required|some_future_rule:3", "anything"));
    }

    @Test
    void aBrokenRegexIsAProblemOfTheRules() {
        assertTrue(VariableRules.problem("required|regex:/([a-z/").isPresent());
        assertTrue(VariableRules.problem("required|regex:/^[a-z]+$/").isEmpty());
    }
}
