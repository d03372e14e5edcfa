package io.promless.promql.engine;

import java.util.Arrays;

/** Numerics shared by functions and aggregations: compensated sums, means, quantiles. */
final class FloatMath {
    private FloatMath() {}

    /**
     * Neumaier's compensated addition: given {@code newSum = sum + increment}, returns the
     * updated compensation term. Callers keep sum and compensation in locals (no allocation).
     */
    static double compensate(double sum, double increment, double newSum, double compensation) {
        if (Double.isInfinite(newSum)) {
            return 0;
        }
        if (Math.abs(sum) >= Math.abs(increment)) {
            return compensation + ((sum - newSum) + increment);
        }
        return compensation + ((increment - newSum) + sum);
    }

    /** Quantile by linear interpolation between closest ranks; sorts {@code values[0..count)} in place. */
    static double quantile(double q, double[] values, int count) {
        if (count == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values, count);
        double n = count;
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
    }

    /** Sorts ascending with NaN before every number, as Prometheus orders values for quantiles. */
    static void sortNaNFirst(double[] values, int count) {
        Arrays.sort(values, 0, count);
        int firstNaN = count;
        while (firstNaN > 0 && Double.isNaN(values[firstNaN - 1])) {
            firstNaN--;
        }
        int nanCount = count - firstNaN;
        if (nanCount == 0 || nanCount == count) {
            return;
        }
        System.arraycopy(values, 0, values, nanCount, firstNaN);
        Arrays.fill(values, 0, nanCount, Double.NaN);
    }

    /** Mean with compensated summation, falling back to an incremental mean when the sum overflows. */
    static double mean(double[] values, int from, int to) {
        double sum = 0;
        double mean = 0;
        double count = 0;
        double c = 0;
        boolean incremental = false;
        for (int i = from; i < to; i++) {
            double value = values[i];
            count++;
            if (!incremental) {
                double newSum = sum + value;
                if (count == 1 || !Double.isInfinite(newSum)) {
                    c = compensate(sum, value, newSum, c);
                    sum = newSum;
                    continue;
                }
                incremental = true;
                mean = sum / (count - 1);
                c /= count - 1;
            }
            double q = (count - 1) / count;
            double base = q * mean;
            double increment = value / count;
            double newMean = base + increment;
            c = compensate(base, increment, newMean, q * c);
            mean = newMean;
        }
        if (incremental) {
            return mean + c;
        }
        return sum / count + c / count;
    }

    /** Population variance (Welford, compensated). */
    static double variance(double[] values, int from, int to) {
        double count = 0;
        double mean = 0;
        double meanC = 0;
        double aux = 0;
        double auxC = 0;
        for (int i = from; i < to; i++) {
            double value = values[i];
            count++;
            double delta = value - (mean + meanC);
            double increment = delta / count;
            double newMean = mean + increment;
            meanC = compensate(mean, increment, newMean, meanC);
            mean = newMean;
            double auxIncrement = delta * (value - (mean + meanC));
            double newAux = aux + auxIncrement;
            auxC = compensate(aux, auxIncrement, newAux, auxC);
            aux = newAux;
        }
        return (aux + auxC) / count;
    }

    /** Compensated sum of {@code values[from..to)}. */
    static double sum(double[] values, int from, int to) {
        double sum = 0;
        double c = 0;
        for (int i = from; i < to; i++) {
            double newSum = sum + values[i];
            c = compensate(sum, values[i], newSum, c);
            sum = newSum;
        }
        return sum + c;
    }

    /** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest round-tripping digits, never an exponent. */
    static String formatPlain(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        String plain = new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        return plain;
    }
}
