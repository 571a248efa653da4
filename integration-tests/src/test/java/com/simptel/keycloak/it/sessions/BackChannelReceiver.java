package com.simptel.keycloak.it.sessions;

import com.simptel.keycloak.it.support.SimptelServer;
import com.sun.net.httpserver.HttpServer;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.ClientRepresentation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A back-channel logout endpoint on loopback, set as simptel-web's back-channel logout URL for the
 * test and put back when closed: the sid of every logout token Keycloak delivers, in order.
 */
final class BackChannelReceiver implements AutoCloseable {

    private static final String PATH = "/backchannel-logout";
    private static final String ATTRIBUTE = "backchannel.logout.url";

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final HttpServer receiver;
    private final ClientResource web;
    private final String before;

    private BackChannelReceiver(SimptelServer server) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(PATH, exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        web = server.realm().clients().get(server.realm().clients().findByClientId("simptel-web").get(0).getId());
        ClientRepresentation rep = web.toRepresentation();
        before = rep.getAttributes().get(ATTRIBUTE);
        rep.getAttributes().put(ATTRIBUTE, "http://127.0.0.1:" + receiver.getAddress().getPort() + PATH);
        web.update(rep);
    }

    static BackChannelReceiver onSimptelWeb(SimptelServer server) throws IOException {
        return new BackChannelReceiver(server);
    }

    /** The sid of the next logout token delivered, waiting up to 30 s for it. */
    String nextLogoutSid(String what) throws InterruptedException {
        String form = received.poll(30, TimeUnit.SECONDS);
        assertThat(form).as(what).startsWith("logout_token=");
        String logoutToken = URLDecoder.decode(form.substring("logout_token=".length()), StandardCharsets.UTF_8);
        return SessionLogin.claims(logoutToken).path("sid").asText();
    }

    @Override
    public void close() {
        ClientRepresentation rep = web.toRepresentation();
        rep.getAttributes().put(ATTRIBUTE, before == null ? "" : before);
        web.update(rep);
        receiver.stop(0);
    }
}
