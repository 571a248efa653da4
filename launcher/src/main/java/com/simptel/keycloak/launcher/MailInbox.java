package com.simptel.keycloak.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.simptel.keycloak.harness.MailCatcher;
import com.simptel.keycloak.harness.MailText;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The mail catcher's inbox over HTTP, for a person: {@code /} is a page (newest first),
 * {@code /messages} the same as JSON for curl, {@code DELETE /messages} empties it.
 */
public final class MailInbox implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final MailCatcher mail;

    private MailInbox(HttpServer server, MailCatcher mail) {
        this.server = server;
        this.mail = mail;
    }

    public static MailInbox start(MailCatcher mail, String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        MailInbox inbox = new MailInbox(server, mail);
        server.createContext("/messages", inbox::messages);
        server.createContext("/", inbox::page);
        server.start();
        return inbox;
    }

    private void messages(HttpExchange exchange) throws IOException {
        switch (exchange.getRequestMethod()) {
            case "GET" -> respond(exchange, 200, "application/json", JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(asJson(newestFirst())));
            case "DELETE" -> {
                mail.purge();
                respond(exchange, 204, "text/plain", "");
            }
            default -> respond(exchange, 405, "application/json",
                    "{\"error\":\"method_not_allowed\",\"error_description\":\"Use GET or DELETE\"}");
        }
    }

    private void page(HttpExchange exchange) throws IOException {
        if (!"/".equals(exchange.getRequestURI().getPath())) {
            respond(exchange, 404, "text/plain", "Not found");
            return;
        }
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>Simptel mail inbox</title>
                <style>body{font-family:sans-serif;margin:2em;max-width:60em}details{border:1px solid #ccc;
                border-radius:4px;padding:.5em 1em;margin:.5em 0}summary{cursor:pointer}pre{white-space:pre-wrap}</style>
                </head><body><h1>Simptel mail inbox</h1>
                <p>Every message Keycloak sent, newest first (refreshes every 5 s). JSON: <a href="/messages">/messages</a></p>
                """);
        List<MimeMessage> messages = newestFirst();
        if (messages.isEmpty()) {
            html.append("<p><em>No mail yet.</em></p>");
        }
        for (MimeMessage m : messages) {
            MailText text = MailText.of(m);
            html.append("<details><summary><strong>").append(escape(subject(m))).append("</strong> &mdash; to ")
                    .append(escape(recipients(m))).append(" &mdash; ").append(escape(sent(m)))
                    .append("</summary><pre>").append(escape(text.plain() != null ? text.plain() : text.html()))
                    .append("</pre></details>");
        }
        respond(exchange, 200, "text/html; charset=utf-8", html.append("</body></html>").toString());
    }

    private List<MimeMessage> newestFirst() {
        List<MimeMessage> messages = new ArrayList<>(mail.messages());
        Collections.reverse(messages);
        return messages;
    }

    private static ArrayNode asJson(List<MimeMessage> messages) {
        ArrayNode array = JSON.createArrayNode();
        for (MimeMessage m : messages) {
            MailText text = MailText.of(m);
            ObjectNode node = array.addObject();
            node.put("to", recipients(m));
            node.put("subject", subject(m));
            node.put("sent", sent(m));
            node.put("text", text.plain());
            node.put("html", text.html());
        }
        return array;
    }

    private static String subject(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (MessagingException e) {
            return "";
        }
    }

    private static String recipients(MimeMessage m) {
        try {
            Address[] to = m.getAllRecipients();
            return to == null ? "" : Arrays.stream(to).map(Address::toString).collect(Collectors.joining(", "));
        } catch (MessagingException e) {
            return "";
        }
    }

    private static String sent(MimeMessage m) {
        try {
            return m.getSentDate() == null ? "" : m.getSentDate().toInstant().toString();
        } catch (MessagingException e) {
            return "";
        }
    }

    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
