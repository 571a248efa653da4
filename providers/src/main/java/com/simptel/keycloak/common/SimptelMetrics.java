package com.simptel.keycloak.common;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.util.function.ToDoubleFunction;

/**
 * Every meter of the extension, in Micrometer's global registry as Keycloak's own event metrics
 * are, so they appear on the management port's {@code /metrics} when Keycloak runs with
 * {@code --metrics-enabled=true}. Names start with {@code simptel}; tags are low-cardinality
 * (realm, flow, outcome, operation, status): never a user, client, session or address.
 *
 * <p>Micrometer caches meters by name and tags, so looking one up per event is cheap.
 */
public final class SimptelMetrics {

    private SimptelMetrics() {
    }

    /** A mail of ours sent ({@code mail}: code, existing_account_notice, recovery_notice) in a flow. */
    public static void mailSent(String realm, String mail, String flow) {
        registry().counter("simptel.mails.sent", "realm", realm, "mail", tag(mail), "flow", tag(flow)).increment();
    }

    /** A mail of ours that SMTP (or the template) refused. */
    public static void mailFailed(String realm, String mail, String flow) {
        registry().counter("simptel.mails.failed", "realm", realm, "mail", tag(mail), "flow", tag(flow)).increment();
    }

    /** A mail of ours not sent: its address had its hourly bound of mails already. */
    public static void mailBounded(String realm, String mail, String flow) {
        registry().counter("simptel.mails.bounded", "realm", realm, "mail", tag(mail), "flow", tag(flow)).increment();
    }

    /** A mail of ours dropped: this node's mail queue was full. */
    public static void mailDropped(String realm, String mail, String flow) {
        registry().counter("simptel.mails.dropped", "realm", realm, "mail", tag(mail), "flow", tag(flow)).increment();
    }

    /**
     * This node's mails of ours queued for SMTP or being sent, read at each scrape: 0 once every
     * mail handed to the mail thread has been sent or has failed, its event recorded.
     */
    public static <T> void mailsInFlight(T queue, ToDoubleFunction<T> inFlight) {
        Gauge.builder("simptel.mails.in.flight", queue, inFlight)
                .description("Mails queued for or in SMTP on this node").register(registry());
    }

    /** A typed email code checked: accepted, wrong, expired, exhausted (used up) or unsent (right code of a code never mailed). */
    public static void codeChecked(String realm, String flow, String outcome) {
        registry().counter("simptel.email.codes.checked", "realm", realm, "flow", tag(flow), "outcome", outcome).increment();
    }

    /** A step of an account recovery by TOTP: started, totp_failed, completed or refused. */
    public static void recovery(String realm, String outcome) {
        registry().counter("simptel.recoveries", "realm", realm, "outcome", outcome).increment();
    }

    /** A request of the sessions API answered, by operation and status class (2xx, 4xx, 5xx). */
    public static void sessionsRequest(String realm, String operation, int status) {
        registry().counter("simptel.sessions.requests", "realm", realm, "operation", operation,
                "status", (status / 100) + "xx").increment();
    }

    /** A bucket write refused with 409 (busy), 412 (stale If-Match) or 413 (too large). */
    public static void bucketWriteRefused(String realm, int status) {
        registry().counter("simptel.sessions.bucket.writes.refused", "realm", realm,
                "status", Integer.toString(status)).increment();
    }

    /** The size of a bucket as written, in bytes of UTF-8 JSON. */
    public static void bucketWritten(String realm, int bytes) {
        DistributionSummary.builder("simptel.sessions.bucket.size").baseUnit("bytes")
                .description("Size of a session bucket as written").tags("realm", realm)
                .register(registry()).record(bytes);
    }

    /** Micrometer refuses null tag values. */
    private static String tag(String value) {
        return value == null ? "none" : value;
    }

    private static MeterRegistry registry() {
        return Metrics.globalRegistry;
    }
}
