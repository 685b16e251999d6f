package io.brook.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The controllers in {@code api} are the only web entry points: the engines below them (reading,
 * producing, topics, groups, codecs) never call back into a controller, and the security layer is
 * independent of the engines.
 */
@AnalyzeClasses(packages = "io.brook.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule enginesDoNotDependOnControllers = noClasses()
            .that()
            .resideInAnyPackage(
                    "io.brook.gateway.consume..",
                    "io.brook.gateway.produce..",
                    "io.brook.gateway.topic..",
                    "io.brook.gateway.group..",
                    "io.brook.gateway.codec..",
                    "io.brook.gateway.security..",
                    "io.brook.gateway.problem..")
            .should()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("Controller");

    @ArchTest
    static final ArchRule securityDoesNotReachIntoEngines = noClasses()
            .that()
            .resideInAPackage("io.brook.gateway.security..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.brook.gateway.consume..", "io.brook.gateway.produce..", "io.brook.gateway.group..");
}
