package com.simptel.keycloak.it.support;

import org.jsoup.nodes.Element;

import java.util.LinkedHashMap;
import java.util.Map;

/** A form of a page with the values a browser would send; set fields, then submit. */
public final class HtmlForm {

    private final HttpBrowser browser;
    private final String action;
    private final String method;
    private final Map<String, String> fields;

    private HtmlForm(HttpBrowser browser, String action, String method, Map<String, String> fields) {
        this.browser = browser;
        this.action = action;
        this.method = method;
        this.fields = fields;
    }

    static HtmlForm of(HttpBrowser browser, Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type").toLowerCase();
            if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
                continue;
            }
            if (type.equals("submit") || type.equals("button") || type.equals("image")) {
                continue;
            }
            fields.put(input.attr("name"), input.val());
        }
        for (Element select : form.select("select[name]")) {
            Element chosen = select.selectFirst("option[selected]");
            chosen = chosen != null ? chosen : select.selectFirst("option");
            fields.put(select.attr("name"), chosen == null ? "" : chosen.val());
        }
        for (Element area : form.select("textarea[name]")) {
            fields.put(area.attr("name"), area.val());
        }
        String method = form.hasAttr("method") ? form.attr("method") : "get";
        return new HtmlForm(browser, form.absUrl("action"), method, fields);
    }

    public HtmlForm set(String name, String value) {
        fields.put(name, value);
        return this;
    }

    public HtmlForm remove(String name) {
        fields.remove(name);
        return this;
    }

    public String action() {
        return action;
    }

    public String method() {
        return method;
    }

    public Map<String, String> fields() {
        return fields;
    }

    /** Submits with the form's fields; pass a button name/value when the page has several. */
    public Page submit() {
        return browser.submit(this);
    }

    public Page submit(String buttonName, String buttonValue) {
        fields.put(buttonName, buttonValue);
        return browser.submit(this);
    }
}
