package com.simptel.keycloak.it.support;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that runs against the shared real Keycloak: declare a {@link SimptelServer}
 * parameter (constructor, {@code @BeforeAll} or test method) to reach it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SimptelServerExtension.class)
@Tag("integration")
public @interface SimptelIT {
}
