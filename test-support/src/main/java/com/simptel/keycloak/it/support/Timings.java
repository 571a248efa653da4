package com.simptel.keycloak.it.support;

import java.util.ArrayList;
import java.util.List;

/**
 * The statistics of the enumeration timing tests: two kinds of request are timed in the same
 * rounds, the per-round difference cancels the load other processes put on the machine, and the
 * median of those differences must be "close" to zero ({@link #allowedDifference}).
 */
public final class Timings {

    private Timings() {
    }

    /**
     * "Close": within 25 % of the reference median or 50 ms, whichever is larger. The leaks that
     * give accounts away in practice are work done for one kind only: a synchronous mail to a real
     * SMTP server or a password hash, each tens to hundreds of milliseconds per request (Keycloak's
     * own login hashes a dummy password for unknown users for this reason). Smaller differences
     * cannot be told from noise here: with other Keycloak servers running on these 2 cores (load
     * average above 10) the standard error of a paired median of 20 rounds was about 5 to 10 ms,
     * and single differences of 20 ms came and went between runs for accounts on the same path.
     * Fewer rounds do not hold: with 14 at load 30 the errors reached 17 to 72 ms and two even runs
     * failed, so the recovery timing tests keep 20. Reports print each error beside its median.
     */
    public static double allowedDifference(double referenceMillis) {
        return Math.max(0.25 * referenceMillis, 50.0);
    }

    public static double median(List<? extends Number> values) {
        List<Double> sorted = new ArrayList<>();
        values.forEach(v -> sorted.add(v.doubleValue()));
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    /** Standard error of a median, from the median absolute deviation (robust against load spikes). */
    public static double standardError(List<Double> values) {
        double median = median(values);
        List<Double> deviations = new ArrayList<>();
        values.forEach(v -> deviations.add(Math.abs(v - median)));
        double sigma = 1.4826 * median(deviations);
        return 1.2533 * sigma / Math.sqrt(values.size());
    }

    /** Per round, {@code times} minus {@code reference} of the same round. */
    public static List<Double> pairedDifferences(List<Double> times, List<Double> reference) {
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            differences.add(times.get(i) - reference.get(i));
        }
        return differences;
    }
}
