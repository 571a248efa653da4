<#-- Sent when a session starts on a device none of the user's sessions was started on (new-device
     notice, realm attribute simptel.sessions.newDeviceNotice). Values come from the session and are
     escaped by FreeMarker's HTML output format. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("simptelNewDeviceIntro", realmName, browser!msg("simptelNewDeviceUnknownBrowser"), os!msg("simptelNewDeviceUnknownOs"), ipAddress!msg("simptelNewDeviceUnknownIp"), signedInAt)}</p>
<p>${msg("simptelNewDeviceIfYou")}</p>
<p><strong>${msg("simptelNewDeviceIfNotYou")}</strong></p>
<p><a href="${sessionsUrl}">${sessionsUrl}</a></p>
</@layout.emailLayout>
