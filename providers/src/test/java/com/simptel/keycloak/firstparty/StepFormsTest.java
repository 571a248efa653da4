package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** How the app's answer becomes the form a step's page would have posted, and the documented table. */
class StepFormsTest {

    @Test
    void aPasswordAnswerFillsTheLoginFormAndAPasskeyAnswerItsWebAuthnFields() {
        MultivaluedMap<String, String> password = new PasswordJson().form(ChallengeParams.fromJson(
                "{\"username\":\"alice\",\"password\":\" secret \",\"client_id\":\"app\",\"auth_session\":\"x\"}"));
        assertThat(password.getFirst("username")).isEqualTo("alice");
        assertThat(password.getFirst("password")).isEqualTo(" secret ");
        assertThat(password).doesNotContainKeys("client_id", "auth_session", "authenticatorData");

        ChallengeParams passkey = ChallengeParams.fromJson("{\"clientDataJSON\":\"c\",\"authenticatorData\":\"a\","
                + "\"signature\":\"s\",\"credentialId\":\"i\",\"userHandle\":\"u\"}");
        assertThat(new PasswordJson().answered(passkey)).isTrue();
        assertThat(new PasswordJson().form(passkey)).containsKeys("clientDataJSON", "authenticatorData", "signature",
                "credentialId", "userHandle");
        assertThat(new WebAuthnJson().answered(ChallengeParams.fromJson("{\"otp\":\"123456\"}"))).isFalse();
    }

    @Test
    void theRequiredActionsGetTheirPagesFieldNames() {
        MultivaluedMap<String, String> newPassword = new NewPasswordJson().form(ChallengeParams.fromJson("{\"new_password\":\"n3w\"}"));
        assertThat(newPassword.getFirst("password-new")).isEqualTo("n3w");
        assertThat(newPassword.getFirst("password-confirm")).isEqualTo("n3w");

        assertThat(new TermsJson().form(ChallengeParams.fromJson("{\"accept_terms\":\"true\"}"))).isEmpty();
        assertThat(new TermsJson().form(ChallengeParams.fromJson("{\"accept_terms\":\"false\"}"))).containsKey("cancel");

        MultivaluedMap<String, String> otp = new OtpJson().form(ChallengeParams.fromJson("{\"otp\":\"1\",\"otp_credential\":\"c1\"}"));
        assertThat(otp.getFirst("selectedCredentialId")).isEqualTo("c1");
    }

    @Test
    void profileAnswersTakeClaimNamesAndNeverTheEndpointsOwnParameters() {
        MultivaluedMap<String, String> form = FormFields.profile(ChallengeParams.fromJson("{\"given_name\":\"Ann\","
                + "\"family_name\":\"Lee\",\"department\":\"ops\",\"client_id\":\"app\",\"cancel\":\"\",\"flow\":\"login\"}"));
        assertThat(form.getFirst("firstName")).isEqualTo("Ann");
        assertThat(form.getFirst("lastName")).isEqualTo("Lee");
        assertThat(form.getFirst("department")).isEqualTo("ops");
        assertThat(form).doesNotContainKeys("given_name", "family_name", "client_id", "cancel", "flow");

        MultivaluedMap<String, String> registration = new RegistrationJson().form(ChallengeParams.fromJson(
                "{\"username\":\"u\",\"password\":\"p\",\"accept_terms\":\"true\"}"));
        assertThat(registration.getFirst("password-confirm")).isEqualTo("p");
        assertThat(registration.getFirst("termsAccepted")).isEqualTo("on");
        assertThat(registration).doesNotContainKey("accept_terms");
    }

    @Test
    void aRecoveryWithoutAnAppGoesOnWithTheNewPasswordAsItsAnswer() {
        MultivaluedMap<String, String> form = new RecoveryTotpJson().form(ChallengeParams.fromJson("{\"new_password\":\"x\"}"));
        assertThat(form).containsKey("continue").doesNotContainKey("otp");
        assertThat(new RecoveryTotpJson().form(ChallengeParams.fromJson("{\"otp\":\"123456\"}")).getFirst("otp")).isEqualTo("123456");
    }

    @Test
    void everyStepWithAJsonFormIsInTheDocumentedTable() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "first-party-apps.md"));
        for (String id : JsonSteps.authenticators()) {
            assertThat(doc).as("docs/first-party-apps.md names " + id).contains("`" + id + "`");
        }
        for (String id : JsonSteps.requiredActions()) {
            assertThat(doc).as("docs/first-party-apps.md names " + id).contains(id);
        }
    }
}
