package com.simptel.keycloak.firstparty;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's update-profile and verify-profile required actions: {@code next: profile} with the
 * {@code fields} of the realm's user profile the user may edit (name, required, current value);
 * the app answers with attribute names as parameters ({@code given_name} and {@code family_name}
 * stand for firstName and lastName). The realm's validators decide, as on the page.
 */
final class ProfileJson implements StepForm {

    @Override
    public boolean answered(ChallengeParams params) {
        return !FormFields.profile(params).isEmpty();
    }

    @Override
    public MultivaluedMap<String, String> form(ChallengeParams params) {
        return FormFields.profile(params);
    }

    @Override
    public Challenge ask(StepView view) {
        Challenge challenge = view.collect("profile", "simptelChallengeProfile");
        if (view.page().message() != null && view.page().message().getField() != null) {
            challenge = Challenge.collect("profile", "simptelChallengeProfileField",
                    view.messages().text(view.page().message().getField()),
                    view.messages().text(view.page().message().getMessage(), view.page().message().getParameters()));
        }
        Attributes attributes = view.session().getProvider(UserProfileProvider.class)
                .create(UserProfileContext.UPDATE_PROFILE, view.user()).getAttributes();
        List<Map<String, Object>> fields = new ArrayList<>();
        for (String name : attributes.nameSet()) {
            if (attributes.isReadOnly(name)) {
                continue;
            }
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("name", name);
            field.put("required", attributes.isRequired(name));
            field.put("value", attributes.getFirst(name));
            fields.add(field);
        }
        return challenge.with("fields", fields);
    }
}
