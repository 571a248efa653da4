package com.simptel.keycloak.it.support;

import org.keycloak.representations.idm.EventRepresentation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * User events of realm simptel through the admin API. Steps record an event for what they did or
 * chose not to do (a mail thread records its event once SMTP has answered), so a test waits for
 * that event before it asserts that something did not happen.
 */
public final class RealmEvents {

    /** Mail threads record their events once SMTP has answered, which can take a while on a busy machine. */
    private static final Duration MAIL_WAIT = Duration.ofSeconds(20);
    /** Our gauge of the mails a node has queued for SMTP or is sending. */
    private static final String MAILS_IN_FLIGHT = "simptel_mails_in_flight";

    private RealmEvents() {
    }

    /** Events of {@code type} (of {@code userId} unless null), newest first, at most 200. */
    public static List<EventRepresentation> of(SimptelServer server, String type, String userId) {
        return server.realm().getEvents(List.of(type), null, userId, null, null, null, 0, 200);
    }

    /** Waits until at least {@code count} events of {@code type} match {@code wanted}; returns those. */
    public static List<EventRepresentation> await(SimptelServer server, String type, String userId, int count,
                                                  String description, Predicate<EventRepresentation> wanted) {
        return Await.until(count + " " + type + " event(s): " + description, MAIL_WAIT,
                () -> of(server, type, userId).stream().filter(wanted).toList(), found -> found.size() >= count);
    }

    /**
     * Waits until no node has a mail of ours queued or in SMTP ({@code simptel_mails_in_flight} is 0
     * on each node's {@code /metrics}; absent where no mail was ever queued). A request hands its
     * mails to the mail thread when its transaction commits, before its response: once the requests
     * a test made have answered and this returns, each of their mails has been sent or has failed,
     * its event recorded. The positive signal before asserting that no (further) mail went out.
     */
    public static void awaitMailThreadsIdle(SimptelServer server) {
        for (String node : server.metricsUrls()) {
            Await.until("no mail queued or in SMTP at " + node, MAIL_WAIT,
                    () -> MetricsScrape.of(node).value(MAILS_IN_FLIGHT, Map.of()), inFlight -> inFlight == 0);
        }
    }

    /** Matches events recorded at or after {@code epochMillis}. */
    public static Predicate<EventRepresentation> since(long epochMillis) {
        return e -> e.getTime() >= epochMillis;
    }

    /** Matches events with detail {@code name} equal to {@code value}. */
    public static Predicate<EventRepresentation> detail(String name, String value) {
        return e -> e.getDetails() != null && value.equals(e.getDetails().get(name));
    }
}
