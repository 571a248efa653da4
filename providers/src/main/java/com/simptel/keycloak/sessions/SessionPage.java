package com.simptel.keycloak.sessions;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a session list: newest first (start time), then regular before offline, then by id,
 * so the order is total and a cursor names one place in it. The cursor is the key of the last entry
 * of a page, opaque to callers (base64url); the next page starts strictly after it, so sessions
 * started later (which sort before it) or ended meanwhile shift nothing: every session present
 * throughout is seen exactly once.
 */
final class SessionPage {

    static final int MAX = 100;

    /** Where an entry sorts. */
    record Key(int started, boolean offline, String id) {
    }

    /** The entries of the page and the cursor of the next one (null on the last page). */
    record Page<T>(List<T> entries, String next) {
    }

    static final Comparator<Key> ORDER = Comparator.comparingInt(Key::started).reversed()
            .thenComparing(Key::offline)
            .thenComparing(Key::id);

    private SessionPage() {
    }

    /** {@code max} as sent: absent or empty means {@value #MAX}; else an integer 1 to {@value #MAX}. */
    static int max(String raw) {
        if (raw == null || raw.isEmpty()) {
            return MAX;
        }
        int max;
        try {
            max = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw SessionsApiException.badRequest("Query parameter max must be an integer from 1 to " + MAX);
        }
        if (max < 1 || max > MAX) {
            throw SessionsApiException.badRequest("Query parameter max must be an integer from 1 to " + MAX);
        }
        return max;
    }

    /** The page of {@code all} after {@code after} (null or empty: the first page), at most {@code max} entries. */
    static <T> Page<T> of(List<T> all, Function<T, Key> key, String after, int max) {
        Key from = after == null || after.isEmpty() ? null : decode(after);
        List<T> rest = all.stream()
                .filter(t -> from == null || ORDER.compare(key.apply(t), from) > 0)
                .sorted(Comparator.comparing(key, ORDER))
                .toList();
        if (rest.size() <= max) {
            return new Page<>(rest, null);
        }
        List<T> entries = rest.subList(0, max);
        return new Page<>(entries, encode(key.apply(entries.get(max - 1))));
    }

    static String encode(Key key) {
        String plain = key.started() + "." + (key.offline() ? "1" : "0") + "." + key.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws SessionsApiException 400 for anything this class did not write */
    static Key decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\.", 3);
            if (parts.length != 3 || parts[2].isEmpty() || !("0".equals(parts[1]) || "1".equals(parts[1]))) {
                throw new IllegalArgumentException("malformed");
            }
            return new Key(Integer.parseInt(parts[0]), "1".equals(parts[1]), parts[2]);
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw SessionsApiException.badRequest("Query parameter after is not a cursor of this API");
        }
    }
}
