<#import "template.ftl" as layout>
<@layout.emailLayout>
${kcSanitize(msg("existingAccountBodyHtml", realmName))?no_esc}
</@layout.emailLayout>
