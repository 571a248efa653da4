package com.simptel.keycloak.emailcode;

/**
 * What login-email-code.ftl shows besides messages, as {@code emailCode.*}. A class with getters, not
 * a record: FreeMarker would resolve {@code emailCode.length} to the accessor method, not a value.
 */
public final class EmailCodePage {

    public static final String TEMPLATE = "login-email-code.ftl";
    public static final String ATTRIBUTE = "emailCode";
    public static final String FIELD_CODE = "code";
    public static final String BUTTON_RESEND = "resend";

    private final int length;
    private final int lifetimeMinutes;
    private final long resendWaitSeconds;
    private final boolean usable;
    private final int attemptsLeft;

    /**
     * @param resendWaitSeconds seconds until a new code may be requested; 0 = now
     * @param usable whether the current code can still be typed (not expired, not dead)
     */
    EmailCodePage(int length, int lifetimeMinutes, long resendWaitSeconds, boolean usable, int attemptsLeft) {
        this.length = length;
        this.lifetimeMinutes = lifetimeMinutes;
        this.resendWaitSeconds = resendWaitSeconds;
        this.usable = usable;
        this.attemptsLeft = attemptsLeft;
    }

    public int getLength() {
        return length;
    }

    public int getLifetimeMinutes() {
        return lifetimeMinutes;
    }

    public long getResendWaitSeconds() {
        return resendWaitSeconds;
    }

    public boolean isUsable() {
        return usable;
    }

    public int getAttemptsLeft() {
        return attemptsLeft;
    }
}
