package org.gongkai.ingest.site;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The revisit bounds of {@link IngestProperties} agree across keys: each site's revisit-min (or {@code
 * state.revisit-min}) does not exceed its revisit-max (or {@code state.revisit-max}), and {@code
 * state.forget-faulted-after} is 0s or at least every revisit-max. Checked by {@link RevisitBoundsValidator}, whose
 * messages name the keys the operator writes, the site and the effective values (defaults included).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = RevisitBoundsValidator.class)
public @interface RevisitBounds {

    String message() default "revisit bounds disagree";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
