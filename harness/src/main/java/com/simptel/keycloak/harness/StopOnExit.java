package com.simptel.keycloak.harness;

/**
 * A process we started is stopped when the JVM that started it exits (Ctrl-C, a killed test
 * run), unless it was stopped before: {@link #cancel()} then drops the hook.
 */
final class StopOnExit {

    private final Thread hook;

    StopOnExit(String name, Runnable stop) {
        this.hook = new Thread(stop, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void cancel() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }
}
