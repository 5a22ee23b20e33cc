package dev.llmgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A model's status follows its lifecycle dates, whatever the catalog declared when it was read. */
class LifecycleTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    @Test
    void gpt5IsDeprecatedTodayAndSunsetFromItsShutdownDate() {
        Lifecycle gpt5 = ModelCatalog.builtIn().find("gpt-5").orElseThrow().lifecycle();

        assertThat(gpt5.statusOn(TODAY)).isEqualTo(Lifecycle.Status.DEPRECATED);
        assertThat(gpt5.statusOn(LocalDate.of(2026, 12, 10))).isEqualTo(Lifecycle.Status.DEPRECATED);
        assertThat(gpt5.statusOn(LocalDate.of(2026, 12, 11))).as("shut down on its sunset date")
                .isEqualTo(Lifecycle.Status.SUNSET);
    }

    @Test
    void datesMoveAModelOnButNeverBack() {
        Lifecycle active = new Lifecycle(Lifecycle.Status.ACTIVE, null, LocalDate.of(2026, 11, 1),
                LocalDate.of(2027, 3, 1), "other");
        assertThat(active.statusOn(LocalDate.of(2026, 10, 31))).isEqualTo(Lifecycle.Status.ACTIVE);
        assertThat(active.statusOn(TODAY)).as("past its deprecation date").isEqualTo(Lifecycle.Status.DEPRECATED);
        assertThat(active.statusOn(LocalDate.of(2027, 3, 2))).as("past its sunset date")
                .isEqualTo(Lifecycle.Status.SUNSET);

        Lifecycle beta = new Lifecycle(Lifecycle.Status.BETA, null, null, null, null);
        assertThat(beta.statusOn(TODAY)).isEqualTo(Lifecycle.Status.BETA);

        Lifecycle declaredSunset = new Lifecycle(Lifecycle.Status.SUNSET, null, null, LocalDate.of(2027, 1, 1), null);
        assertThat(declaredSunset.statusOn(TODAY)).as("a declared sunset stays, dates or not")
                .isEqualTo(Lifecycle.Status.SUNSET);
    }
}
