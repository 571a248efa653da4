package com.simptel.keycloak.emailcode;

/**
 * The limits of emailed one-time codes and the pure decisions made with them: issuing, checking an
 * input, the resend cooldown. Times are epoch milliseconds passed in, so tests need no clock.
 *
 * @param maxAttempts wrong tries one code accepts before it is dead
 * @param maxFailures wrong tries a whole flow accepts, across resends, before it must start again
 *                    (counted by the caller in the flow, passed in)
 */
public record CodeRules(int length, int lifetimeSeconds, int maxAttempts, int resendCooldownSeconds, int maxFailures) {

    /** NIST SP 800-63B-4: an emailed code lives at most 10 minutes. */
    public static final int MAX_LIFETIME_SECONDS = 600;

    public CodeRules {
        if (length < OneTimeCode.MIN_LENGTH || length > OneTimeCode.MAX_LENGTH) {
            throw new IllegalArgumentException("length " + length);
        }
        if (lifetimeSeconds < 1 || lifetimeSeconds > MAX_LIFETIME_SECONDS) {
            throw new IllegalArgumentException("lifetimeSeconds " + lifetimeSeconds);
        }
        if (maxAttempts < 1 || maxFailures < 1 || resendCooldownSeconds < 0) {
            throw new IllegalArgumentException("limits " + maxAttempts + "/" + maxFailures + "/" + resendCooldownSeconds);
        }
    }

    /** How a check of one input came out. */
    public enum Outcome {
        /** The input is the code, in time. */
        VALID,
        /** Nothing was typed; nothing is counted. */
        MISSING,
        /** Not the code (or not a code at all); counted against the code and the flow. */
        WRONG,
        /** The code's lifetime is over; not counted. */
        EXPIRED,
        /** The code had its wrong tries already; not compared, not counted. */
        EXHAUSTED,
        /** The flow had its wrong tries already; it must start again. */
        FLOW_LOCKED
    }

    /** An outcome and the state to keep afterwards. */
    public record Check(Outcome outcome, CodeState state) {
    }

    /** A new code (to mail) and its state (to keep). */
    public record Issued(String code, CodeState state) {
    }

    public Issued issue(byte[] pepper, String keyId, String address, long nowMillis) {
        String code = OneTimeCode.generate(length);
        byte[] salt = CodeHash.newSalt();
        CodeState state = new CodeState(CodeHash.ofCode(salt, pepper, code), salt, keyId == null ? "" : keyId,
                CodeHash.ofAddress(salt, pepper, address), nowMillis, nowMillis + lifetimeSeconds * 1000L, 0, false);
        return new Issued(code, state);
    }

    /** Checks {@code input}; {@code flowFailures} are the wrong tries of the flow so far. */
    public Check check(CodeState state, int flowFailures, String input, byte[] pepper, long nowMillis) {
        String typed = OneTimeCode.normalize(input);
        if (typed != null && typed.isEmpty()) {
            return new Check(Outcome.MISSING, state);
        }
        if (flowLocked(flowFailures)) {
            return new Check(Outcome.FLOW_LOCKED, state);
        }
        if (exhausted(state)) {
            return new Check(Outcome.EXHAUSTED, state);
        }
        if (expired(state, nowMillis)) {
            return new Check(Outcome.EXPIRED, state);
        }
        boolean valid = typed != null && typed.length() == length
                && CodeHash.same(state.hash(), CodeHash.ofCode(state.salt(), pepper, typed));
        return valid ? new Check(Outcome.VALID, state) : wrongTry(state, flowFailures);
    }

    /**
     * One wrong try, counted against the code and (by the caller) the flow: WRONG, or FLOW_LOCKED
     * when it was the flow's last.
     */
    public Check wrongTry(CodeState state, int flowFailures) {
        return new Check(flowLocked(flowFailures + 1) ? Outcome.FLOW_LOCKED : Outcome.WRONG, state.withWrongTry());
    }

    public boolean exhausted(CodeState state) {
        return state.attempts() >= maxAttempts;
    }

    public boolean flowLocked(int flowFailures) {
        return flowFailures >= maxFailures;
    }

    public boolean expired(CodeState state, long nowMillis) {
        return nowMillis >= state.expiresAtMillis();
    }

    /** Whether the code can still be typed: neither dead from wrong tries nor expired. */
    public boolean usable(CodeState state, long nowMillis) {
        return !exhausted(state) && !expired(state, nowMillis);
    }

    public int attemptsLeft(CodeState state) {
        return Math.max(0, maxAttempts - state.attempts());
    }

    /** Whole seconds until a new code may be sent; 0 when now. */
    public long resendWaitSeconds(CodeState state, long nowMillis) {
        long readyAt = state.issuedAtMillis() + resendCooldownSeconds * 1000L;
        return readyAt <= nowMillis ? 0 : (readyAt - nowMillis + 999) / 1000;
    }

    /** Whether the state's code was sent to {@code address}. */
    public static boolean sentTo(CodeState state, byte[] pepper, String address) {
        return CodeHash.same(state.address(), CodeHash.ofAddress(state.salt(), pepper, address));
    }

    /** Minutes shown to people, rounded up so "valid for 1 minute" is never a lie. */
    public int lifetimeMinutes() {
        return (lifetimeSeconds + 59) / 60;
    }
}
