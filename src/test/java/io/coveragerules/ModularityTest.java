package io.coveragerules;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The house's arrows, checked: each module (a top-level package) may use only the modules its {@code package-info.java}
 * allows, only through their public API (types in the module's own package, or a named interface), and without cycles.
 * A wrong-way dependency fails this test, and with it the build.
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(CoverageRulesServer.class);

    @Test
    void everyModuleUsesOnlyWhatItDeclares() {
        MODULES.verify();
    }
}
