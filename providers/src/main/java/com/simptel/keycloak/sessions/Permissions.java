package com.simptel.keycloak.sessions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The sessions API's CRUD {@code permission} object: a role named {@code <verb>:<resource>} (realm or
 * client role) puts {@code <resource>} in the list of that verb. Other role names are ignored.
 */
final class Permissions {

    static final List<String> VERBS = List.of("create", "read", "update", "delete");

    private Permissions() {
    }

    /** Verb to sorted, distinct resources; every verb is present, possibly with an empty list. */
    static Map<String, List<String>> fromRoleNames(Stream<String> roleNames) {
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        VERBS.forEach(v -> sets.put(v, new TreeSet<>()));
        roleNames.forEach(name -> {
            if (name == null) {
                return;
            }
            int colon = name.indexOf(':');
            if (colon <= 0 || colon == name.length() - 1) {
                return;
            }
            Set<String> resources = sets.get(name.substring(0, colon));
            if (resources != null) {
                resources.add(name.substring(colon + 1));
            }
        });
        Map<String, List<String>> result = new LinkedHashMap<>();
        sets.forEach((verb, resources) -> result.put(verb, List.copyOf(resources)));
        return result;
    }
}
