package com.simptel.keycloak.it.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Checks real responses against the repository's {@code openapi.yaml} (OpenAPI 3.1) with
 * vertx-openapi's response validator: status, declared headers, content type and body schema.
 */
public final class OpenApiValidator {

    private static OpenApiValidator instance;

    private final Vertx vertx;
    private final ResponseValidator validator;

    private OpenApiValidator(Vertx vertx, ResponseValidator validator) {
        this.vertx = vertx;
        this.validator = validator;
    }

    /** The contract of {@code -Dsimptel.openapi} (set by the integration-tests POM), loaded once. */
    public static synchronized OpenApiValidator get() {
        if (instance == null) {
            Path file = Path.of(System.getProperty("simptel.openapi", "../openapi.yaml")).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("OpenAPI contract not found: " + file);
            }
            Vertx vertx = Vertx.vertx();
            try {
                OpenAPIContract contract = OpenAPIContract.from(vertx, forResponseValidation(file))
                        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                instance = new OpenApiValidator(vertx, ResponseValidator.create(vertx, contract));
                Runtime.getRuntime().addShutdownHook(new Thread(vertx::close, "close-openapi-vertx"));
            } catch (Exception e) {
                vertx.close();
                throw new IllegalStateException("openapi.yaml is not a valid OpenAPI contract: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    /** The operation id under which a 405 of {@code method} on the contract's {@code path} is checked. */
    public static String notAllowed(String method, String path) {
        return "notAllowed " + method.toUpperCase(Locale.ROOT) + " " + path;
    }

    /**
     * The contract as vertx-openapi accepts it. Its loader refuses request media types it cannot
     * validate (application/merge-patch+json); requests are not what we validate, so such request
     * bodies are relabelled application/json here. Responses are checked exactly as written.
     * The contract says that a method a path does not list answers its MethodNotAllowed
     * response; so that those answers are checked too, each such method gets an operation here
     * (id from {@link #notAllowed}) whose only response is that one.
     */
    @SuppressWarnings("unchecked")
    private static JsonObject forResponseValidation(Path file) throws IOException {
        Map<String, Object> yaml = new Yaml().load(Files.readString(file));
        JsonObject contract = new JsonObject(yaml);
        JsonObject paths = contract.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : METHODS) {
                if (!item.containsKey(method)) {
                    item.put(method, new JsonObject().put("operationId", notAllowed(method, path))
                            .put("responses", new JsonObject().put("405",
                                    new JsonObject().put("$ref", "#/components/responses/MethodNotAllowed"))));
                }
            }
            for (String method : item.fieldNames()) {
                Object op = item.getValue(method);
                if (!(op instanceof JsonObject operation) || operation.getJsonObject("requestBody") == null) {
                    continue;
                }
                JsonObject content = operation.getJsonObject("requestBody").getJsonObject("content");
                for (String mediaType : List.copyOf(content.fieldNames())) {
                    if (mediaType.endsWith("+json")) {
                        content.put("application/json", content.remove(mediaType));
                    }
                }
            }
        }
        return contract;
    }

    /** @throws AssertionError naming the operation and what the contract rejected */
    public void validate(String operationId, JsonResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        // vertx-openapi reads a string header value as JSON when it is not a bare word (so "0"
        // would lose its quotes and Bearer realm="x" would not parse): hand it each value as a
        // JSON string literal, which it decodes back to exactly the header as sent.
        response.headers().map().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), Json.encode(String.join(", ", values)));
            }
        });
        String contentType = response.header("Content-Type");
        ValidatableResponse validatable = response.body() == null || response.body().isEmpty()
                ? ValidatableResponse.create(response.status(), headers)
                : ValidatableResponse.create(response.status(), headers, Buffer.buffer(response.body()), contentType);
        try {
            validator.validate(validatable, operationId).toCompletionStage().toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("Response of " + operationId + " does not match openapi.yaml: "
                    + e.getCause().getMessage() + "\nResponse: " + response.status() + " " + headers + "\n"
                    + response.body(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("Validating " + operationId + " failed: " + e, e);
        }
    }
}
