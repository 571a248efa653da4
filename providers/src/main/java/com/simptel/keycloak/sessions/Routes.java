package com.simptel.keycloak.sessions;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paths and methods a resource class serves, read from its JAX-RS annotations: the one route
 * table is the annotations themselves. Used where JAX-RS leaves a gap: the {@code Allow} header of
 * a 405 and the methods a CORS preflight names. A path template with a regular expression
 * ({@code {any:.*}}) is a catch-all: it adds its methods to the paths the others serve but serves
 * no path by itself.
 */
final class Routes {

    /** The order methods are listed in, e.g. in {@code Allow}. */
    static final List<String> METHOD_ORDER = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** The path templates (below the class's own path, no slashes around) and the methods each serves. */
    private final Map<String, Set<String>> byTemplate;
    private final Set<String> everywhere;

    private Routes(Map<String, Set<String>> byTemplate, Set<String> everywhere) {
        this.byTemplate = byTemplate;
        this.everywhere = everywhere;
    }

    static Routes of(Class<?> resource) {
        Map<String, Set<String>> byTemplate = new LinkedHashMap<>();
        Set<String> everywhere = ordered();
        for (Method method : resource.getMethods()) {
            String httpMethod = httpMethod(method);
            if (httpMethod == null) {
                continue; // not a resource method (a sub-resource locator or no JAX-RS method at all)
            }
            Path path = method.getAnnotation(Path.class);
            String template = trim(path == null ? "" : path.value());
            if (template.contains(":")) {
                everywhere.add(httpMethod);
            } else {
                byTemplate.computeIfAbsent(template, t -> ordered()).add(httpMethod);
            }
        }
        return new Routes(byTemplate, everywhere);
    }

    /** Each template served and its methods (catch-all methods included), e.g. {@code session/{id}}. */
    Map<String, List<String>> table() {
        Map<String, List<String>> table = new LinkedHashMap<>();
        byTemplate.keySet().stream().sorted().forEach(t -> table.put(t, methods(byTemplate.get(t))));
        return table;
    }

    /**
     * The methods {@code path} (as requested, below the class's path) is served with; empty when no
     * template matches. Of several matching templates the one with the most literal characters
     * routes, as in JAX-RS ({@code session/extend} before {@code session/{id}}).
     */
    List<String> serving(String path) {
        String[] segments = trim(path).split("/", -1);
        String best = null;
        for (String template : byTemplate.keySet()) {
            if (matches(template.split("/", -1), segments)
                    && (best == null || literalLength(template) > literalLength(best))) {
                best = template;
            }
        }
        return best == null ? List.of() : methods(byTemplate.get(best));
    }

    private static int literalLength(String template) {
        return template.replaceAll("\\{[^}]*}", "").length();
    }

    /** Every method the class serves on some path. */
    List<String> all() {
        Set<String> methods = ordered();
        byTemplate.values().forEach(methods::addAll);
        return methods(methods);
    }

    private List<String> methods(Set<String> served) {
        Set<String> all = ordered();
        all.addAll(served);
        all.addAll(everywhere);
        return new ArrayList<>(all);
    }

    /** Literal segments match themselves; a {@code {name}} segment matches one non-empty segment. */
    private static boolean matches(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean parameter = template[i].startsWith("{") && template[i].endsWith("}");
            if (parameter ? segments[i].isEmpty() : !template[i].equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (httpMethod != null) {
                return httpMethod.value();
            }
        }
        return null;
    }

    private static Set<String> ordered() {
        return new TreeSet<>(Comparator.comparingInt((String m) -> {
            int i = METHOD_ORDER.indexOf(m);
            return i < 0 ? METHOD_ORDER.size() : i;
        }).thenComparing(Comparator.naturalOrder()));
    }

    /** The path without leading and trailing slashes. */
    static String trim(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
