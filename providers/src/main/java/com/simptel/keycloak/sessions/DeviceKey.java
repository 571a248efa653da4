package com.simptel.keycloak.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * "The same device" for the new-device notice: the same browser family (uap-java's, e.g. Chrome,
 * Firefox, Mobile Safari; version ignored), the same OS family (Linux, Windows, Mac OS X, Android,
 * iOS; version ignored) and the same network (the IPv4 /24, the IPv6 /48; an IPv4-mapped IPv6
 * address counts as IPv4). A browser update or a new address in the same network is no new device;
 * another browser, another OS or another network is.
 *
 * @param browser browser family, "" when not recognised
 * @param os      OS family, "" when not recognised
 * @param network e.g. {@code 192.0.2.0/24}, {@code 2001:db8:1::/48}; "" when no address was recorded
 */
record DeviceKey(String browser, String os, String network) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern IPV6_ZONE = Pattern.compile(":.*%");

    /** From the {@code simptel.useragent} note (the useragent object) and the session's IP address. */
    static DeviceKey of(String userAgentNote, String ip) {
        String browser = "";
        String os = "";
        if (userAgentNote != null) {
            try {
                JsonNode ua = JSON.readTree(userAgentNote);
                browser = ua.path("browser").path("name").asText("");
                os = ua.path("os").path("name").asText("");
            } catch (IOException e) {
                // a note we did not write: the device is unknown
            }
        }
        return new DeviceKey(browser, os, network(ip));
    }

    /** The /24 of an IPv4 address, the /48 of an IPv6 one; anything else as it is (never resolved). */
    static String network(String ip) {
        if (ip == null || ip.isBlank()) {
            return "";
        }
        String literal = ip.trim();
        if (IPV6_ZONE.matcher(literal).find()) {
            literal = literal.substring(0, literal.indexOf('%'));
        }
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            return literal.toLowerCase(Locale.ROOT);
        }
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: no name lookup
            byte[] bytes = address.getAddress();
            if (address instanceof Inet4Address) { // also an IPv4-mapped IPv6 literal
                return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
            }
            if (address instanceof Inet6Address) {
                byte[] prefix = Arrays.copyOf(bytes, 16);
                Arrays.fill(prefix, 6, 16, (byte) 0);
                return InetAddress.getByAddress(prefix).getHostAddress() + "/48";
            }
        } catch (UnknownHostException e) {
            // not an address after all
        }
        return literal.toLowerCase(Locale.ROOT);
    }

    /** Whether a session with this key tells anything: without a browser, an OS or a network, it matches nothing. */
    boolean known() {
        return !(browser.isEmpty() && os.isEmpty()) && !network.isEmpty();
    }
}
