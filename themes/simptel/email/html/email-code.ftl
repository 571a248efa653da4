<#import "template.ftl" as layout>
<#assign validity = (codeLifetimeMinutes == 1)?then(msg("emailCodeOneMinute"), msg("emailCodeMinutes", codeLifetimeMinutes?c))>
<@layout.emailLayout>
${kcSanitize(msg("emailCodeBodyHtml", code, validity, realmName))?no_esc}
</@layout.emailLayout>
