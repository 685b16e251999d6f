package io.brook.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engines ({@code quorum}, {@code control}) are plain Java: no Spring, no Reactor, no web layer. The control
 * logic sees the quorum only through its interface and records; the quorum knows nothing above it.
 */
@AnalyzeClasses(packages = "io.brook.controller", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule enginesHaveNoFrameworkImports = noClasses()
            .that()
            .resideInAnyPackage("io.brook.controller.quorum..", "io.brook.controller.control..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "reactor..", "io.netty..", "jakarta.servlet..");

    @ArchTest
    static final ArchRule quorumKnowsNothingAboveIt = noClasses()
            .that()
            .resideInAPackage("io.brook.controller.quorum..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.brook.controller.control..", "io.brook.controller.api..", "io.brook.controller.config..");

    @ArchTest
    static final ArchRule controlDoesNotReachUp = noClasses()
            .that()
            .resideInAPackage("io.brook.controller.control..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.brook.controller.api..", "io.brook.controller.config..")
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("org.apache.ratis..");
}
