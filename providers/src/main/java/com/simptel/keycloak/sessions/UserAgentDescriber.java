package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ua_parser.Client;
import ua_parser.Parser;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code useragent} object of a session view (ua-parser-js shape: browser, engine, os, device, cpu) from
 * a raw User-Agent. Browser, OS and device come from uap-java, which Keycloak ships; uap-java
 * knows no rendering engine or CPU, so those two are read from the well-known UA tokens here.
 */
final class UserAgentDescriber {

    /** Keycloak ignores longer User-Agents for its device note; we keep at most this much. */
    static final int MAX_LENGTH = 512;

    private static final Pattern EDGE_HTML = Pattern.compile("Edge/([\\d.]+)");
    private static final Pattern PRESTO = Pattern.compile("Presto/([\\w.]+)");
    private static final Pattern TRIDENT = Pattern.compile("Trident/([\\w.]+)");
    private static final Pattern CHROMIUM = Pattern.compile("(?:Chrome|Chromium|HeadlessChrome)/((\\d+)[\\d.]*)");
    private static final Pattern IOS = Pattern.compile("iPhone|iPad|iPod");
    private static final Pattern WEBKIT = Pattern.compile("AppleWebKit/([\\w.]+)");
    private static final Pattern GECKO = Pattern.compile("rv:([\\w.]{1,9})\\b.*Gecko/");
    private static final Pattern AMD64 = Pattern.compile("(?i)x86_64|x86-64|\\bx64\\b|win64|wow64|amd64");
    private static final Pattern ARM64 = Pattern.compile("(?i)aarch64|arm64");
    private static final Pattern ARM = Pattern.compile("(?i)\\barmv?\\d*[lh]?\\b");
    private static final Pattern IA32 = Pattern.compile("(?i)\\bi[3-6]86\\b|\\bx86\\b|\\bia32\\b");

    private final Parser parser;

    UserAgentDescriber(Parser parser) {
        this.parser = parser;
    }

    /** The useragent object; with {@code null} only {@code ua} is set (to null). */
    ObjectNode describe(String userAgent) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        if (userAgent == null || userAgent.isBlank()) {
            out.putNull("ua");
            out.set("browser", f.objectNode());
            out.set("engine", f.objectNode());
            out.set("os", f.objectNode());
            out.set("device", f.objectNode());
            out.set("cpu", f.objectNode());
            return out;
        }
        String ua = userAgent.length() > MAX_LENGTH ? userAgent.substring(0, MAX_LENGTH) : userAgent;
        out.put("ua", ua);
        Client client = parser.parse(ua);

        ObjectNode browser = out.putObject("browser");
        if (client.userAgent != null && !"Other".equals(client.userAgent.family)) {
            browser.put("name", client.userAgent.family);
            putIfPresent(browser, "version", join(client.userAgent.major, client.userAgent.minor, client.userAgent.patch, null));
            putIfPresent(browser, "major", client.userAgent.major);
        }

        ObjectNode engine = out.putObject("engine");
        engine(ua, engine);

        ObjectNode os = out.putObject("os");
        if (client.os != null && !"Other".equals(client.os.family)) {
            os.put("name", client.os.family);
            putIfPresent(os, "version", join(client.os.major, client.os.minor, client.os.patch, client.os.patchMinor));
        }

        ObjectNode device = out.putObject("device");
        if (client.device != null && client.device.family != null && !"Other".equals(client.device.family)) {
            device.put("model", client.device.family);
        }
        String lower = ua.toLowerCase(Locale.ROOT);
        if (lower.contains("ipad") || lower.contains("tablet")) {
            device.put("type", "tablet");
        } else if (lower.contains("mobile") || lower.contains("iphone")) {
            device.put("type", "mobile");
        }

        ObjectNode cpu = out.putObject("cpu");
        putIfPresent(cpu, "architecture", architecture(ua));
        return out;
    }

    private static void engine(String ua, ObjectNode engine) {
        Matcher m;
        if ((m = EDGE_HTML.matcher(ua)).find()) {
            set(engine, "EdgeHTML", m.group(1));
        } else if ((m = PRESTO.matcher(ua)).find()) {
            set(engine, "Presto", m.group(1));
        } else if ((m = TRIDENT.matcher(ua)).find()) {
            set(engine, "Trident", m.group(1));
        } else if (!IOS.matcher(ua).find() && (m = CHROMIUM.matcher(ua)).find() && Integer.parseInt(m.group(2)) >= 28) {
            // Chromium forked WebKit into Blink at version 28; Blink's version is Chromium's.
            set(engine, "Blink", m.group(1));
        } else if ((m = WEBKIT.matcher(ua)).find()) {
            set(engine, "WebKit", m.group(1));
        } else if ((m = GECKO.matcher(ua)).find()) {
            set(engine, "Gecko", m.group(1));
        }
    }

    static String architecture(String ua) {
        if (ARM64.matcher(ua).find()) {
            return "arm64";
        }
        if (AMD64.matcher(ua).find()) {
            return "amd64";
        }
        if (ARM.matcher(ua).find()) {
            return "arm";
        }
        if (IA32.matcher(ua).find()) {
            return "ia32";
        }
        return null;
    }

    private static void set(ObjectNode engine, String name, String version) {
        engine.put("name", name);
        engine.put("version", version);
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static String join(String a, String b, String c, String d) {
        if (a == null || a.isEmpty()) {
            return null;
        }
        StringBuilder s = new StringBuilder(a);
        for (String part : new String[] {b, c, d}) {
            if (part == null || part.isEmpty()) {
                break;
            }
            s.append('.').append(part);
        }
        return s.toString();
    }
}
