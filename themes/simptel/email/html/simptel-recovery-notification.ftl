<#-- Sent after an account recovery by authenticator app (simptel-recovery-totp). Values such as the
     browser come from the request and are escaped by FreeMarker's HTML output format. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg(introKey, realmName)}</p>
<table role="presentation" style="border-collapse: collapse; margin: 0 0 1em 0;">
    <tr><td style="padding: 2px 12px 2px 0; color: #57606a;">${msg("simptelRecoveryNotificationWhen")}</td><td style="padding: 2px 0;">${recoveredAt}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #57606a;">${msg("simptelRecoveryNotificationIp")}</td><td style="padding: 2px 0;">${ipAddress!msg("simptelRecoveryNotificationUnknown")}</td></tr>
    <tr><td style="padding: 2px 12px 2px 0; color: #57606a;">${msg("simptelRecoveryNotificationBrowser")}</td><td style="padding: 2px 0;"><#if browser??>${browser}<#if os??> (${os})</#if><#else>${msg("simptelRecoveryNotificationUnknown")}</#if></td></tr>
</table>
<p>${msg("simptelRecoveryNotificationIfYou")}</p>
<p><strong>${msg("simptelRecoveryNotificationIfNotYou")}</strong></p>
<ol>
    <li>${msg("simptelRecoveryNotificationStep1")}</li>
    <li>${msg("simptelRecoveryNotificationStep2")}</li>
    <li>${msg("simptelRecoveryNotificationStep3")}</li>
</ol>
<p><a href="${accountUrl}">${accountUrl}</a></p>
</@layout.emailLayout>
