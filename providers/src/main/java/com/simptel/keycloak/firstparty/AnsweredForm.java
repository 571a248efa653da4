package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

import java.security.cert.X509Certificate;

/**
 * The app's request as a step's page would have posted it: the same request, whose form holds the
 * fields the step reads (e.g. {@code password-new}) instead of the endpoint's parameters.
 */
final class AnsweredForm implements HttpRequest {

    private final HttpRequest request;
    private final MultivaluedMap<String, String> form;

    AnsweredForm(HttpRequest request, MultivaluedMap<String, String> form) {
        this.request = request;
        this.form = form;
    }

    @Override
    public String getHttpMethod() {
        return "POST";
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return form;
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return new jakarta.ws.rs.core.MultivaluedHashMap<>();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return request.getHttpHeaders();
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return request.getClientCertificateChain();
    }

    @Override
    public UriInfo getUri() {
        return request.getUri();
    }

    @Override
    public boolean isProxyTrusted() {
        return request.isProxyTrusted();
    }
}
