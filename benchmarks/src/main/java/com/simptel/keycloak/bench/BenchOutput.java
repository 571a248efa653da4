package com.simptel.keycloak.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks print besides their figures: progress lines and the machine's load. */
final class BenchOutput {

    private BenchOutput() {
    }

    static void log(String line) {
        System.out.println("[bench] " + line);
    }

    /** Ends a run whose figures would mislead: what was wrong, then exit status 1. */
    static void fail(Exception why) {
        for (String line : why.getMessage().split("\\R")) {
            log("FAILED: " + line);
        }
        System.exit(1);
    }

    /** /proc/loadavg, or "n/a" where there is none. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }
}
