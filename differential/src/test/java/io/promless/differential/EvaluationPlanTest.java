package io.promless.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationPlanTest {
    private static final EvaluationPlan PLAN = EvaluationPlan.forData(DataGenerator.defaultDataset().startMillis());

    @Test
    void everyEvaluationTimeIsAWholeSecondOffEveryMultipleOf15Seconds() {
        List<Long> times = new ArrayList<>(PLAN.instantTimes());
        for (EvaluationPlan.Window window : PLAN.ranges()) {
            for (long time = window.start(); time <= window.end(); time += window.step()) {
                times.add(time);
            }
        }
        assertThat(times).hasSizeGreaterThan(400).allSatisfy(time -> {
            assertThat(time % 1000).isZero();
            assertThat(Math.floorMod(time, 15_000L)).isEqualTo(5_000L);
        });
    }

    @Test
    void coversTheDataFromBeforeItsStartToAfterItsEnd() {
        Dataset dataset = DataGenerator.defaultDataset();
        assertThat(PLAN.ranges().get(0).start()).isLessThan(dataset.startMillis());
        assertThat(PLAN.ranges().get(0).end()).isGreaterThan(dataset.endMillis());
        assertThat(PLAN.instantTimes()).anySatisfy(time -> assertThat(time).isBetween(dataset.endMillis(), dataset.endMillis() + 300_000));
    }

    @Test
    void makesOneRequestPerTimeOrWindow() {
        assertThat(PLAN.requests("up", QueryMode.INSTANT)).hasSize(PLAN.instantTimes().size())
                .allSatisfy(request -> assertThat(request).isInstanceOf(QueryRequest.Instant.class));
        assertThat(PLAN.requests("up", QueryMode.RANGE)).hasSize(PLAN.ranges().size())
                .allSatisfy(request -> assertThat(request.query()).isEqualTo("up"));
    }
}
