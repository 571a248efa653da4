package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes JAX-RS serves, read from SessionsResource's annotations, are the ones openapi.yaml describes. */
class RoutesTest {

    private static final Routes ROUTES = Routes.of(SessionsResource.class);

    @Test
    void theAnnotationsServeExactlyThePathsAndMethodsOfOpenApiYaml() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(openApi())).path("paths");
        Map<String, List<String>> documented = new TreeMap<>();
        Map<String, List<String>> documentedPreflights = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (!path.getKey().startsWith("/sessions")) {
                continue;
            }
            List<String> methods = Routes.METHOD_ORDER.stream()
                    .filter(m -> path.getValue().has(m.toLowerCase(Locale.ROOT))).toList();
            documented.put(path.getKey(), methods.stream().filter(m -> !m.equals("OPTIONS")).toList());
            documentedPreflights.put(path.getKey(), methods.stream().filter(m -> m.equals("OPTIONS")).toList());
        }
        Map<String, List<String>> served = new TreeMap<>();
        ROUTES.table().forEach((template, methods) -> served.put(template.isEmpty() ? "/sessions" : "/sessions/" + template,
                methods.stream().filter(m -> !m.equals("OPTIONS")).toList()));

        assertThat(served).isEqualTo(documented);
        // a preflight is answered on every path; the contract names it where browser apps need it
        documentedPreflights.forEach((path, options) -> assertThat(ROUTES.serving(path.substring("/sessions".length())))
                .containsAll(options));
    }

    @Test
    void eachServedPathListsItsMethodsForAllow() {
        assertThat(ROUTES.serving("")).containsExactly("GET", "DELETE", "OPTIONS");
        assertThat(ROUTES.serving("/")).containsExactly("GET", "DELETE", "OPTIONS");
        assertThat(ROUTES.serving("bucket")).containsExactly("PUT", "PATCH", "OPTIONS");
        assertThat(ROUTES.serving("/bucket/")).containsExactly("PUT", "PATCH", "OPTIONS");
        assertThat(ROUTES.serving("session")).containsExactly("GET", "DELETE", "OPTIONS");
        assertThat(ROUTES.serving("session/extend")).containsExactly("GET", "POST", "OPTIONS");
        assertThat(ROUTES.serving("session/refresh")).containsExactly("GET", "POST", "OPTIONS");
        assertThat(ROUTES.serving("session/3f2c-id")).containsExactly("GET", "DELETE", "OPTIONS");
        assertThat(ROUTES.all()).containsExactly("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    }

    @Test
    void aPathNoTemplateMatchesIsServedWithNothing() {
        assertThat(ROUTES.serving("buckets")).isEmpty();
        assertThat(ROUTES.serving("session/a/b")).isEmpty();
        assertThat(ROUTES.serving("bucket/x")).isEmpty();
        assertThat(ROUTES.serving("nothing/here")).isEmpty();
    }

    private static Path openApi() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("openapi.yaml"))) {
                return dir.resolve("openapi.yaml");
            }
        }
        throw new AssertionError("openapi.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
