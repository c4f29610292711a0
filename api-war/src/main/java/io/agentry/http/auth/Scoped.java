package io.agentry.http.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The resource family a JAX-RS resource belongs to. The auth filter demands
 * {@code <family>:read} for GET/HEAD and {@code <family>:write} for every other method.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Scoped {
    String value();
}
