package io.promless.promql.engine;

/** The evaluation timestamps of one (sub)query: start, start+step, ... up to end (milliseconds). */
record Timeline(long start, long end, long step) {
    Timeline {
        if (end < start) {
            throw new IllegalArgumentException("end before start");
        }
        if (step <= 0 && end != start) {
            throw new IllegalArgumentException("step must be positive");
        }
    }

    static Timeline instant(long time) {
        return new Timeline(time, time, 0);
    }

    int count() {
        return step == 0 ? 1 : (int) ((end - start) / step) + 1;
    }

    long time(int index) {
        return start + index * step;
    }
}
