package dev.wingman.platform.internal;

import dev.wingman.platform.api.IdentifiedEntity;
import dev.wingman.platform.api.TimestampedEntity;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleEntitiesTest {
    @Test
    void theEntityBasesAreInPlatformsIndexSoHibernateSeesThem() {
        Set<String> found = ModuleEntities.managedClassNames(getClass().getClassLoader());
        assertTrue(found.contains(IdentifiedEntity.class.getName()), found.toString());
        assertTrue(found.contains(TimestampedEntity.class.getName()), found.toString());
    }
}
