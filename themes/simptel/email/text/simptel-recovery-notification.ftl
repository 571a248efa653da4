<#ftl output_format="plainText">
${msg(introKey, realmName)}

${msg("simptelRecoveryNotificationWhen")}: ${recoveredAt}
${msg("simptelRecoveryNotificationIp")}: ${ipAddress!msg("simptelRecoveryNotificationUnknown")}
${msg("simptelRecoveryNotificationBrowser")}: <#if browser??>${browser}<#if os??> (${os})</#if><#else>${msg("simptelRecoveryNotificationUnknown")}</#if>

${msg("simptelRecoveryNotificationIfYou")}

${msg("simptelRecoveryNotificationIfNotYou")}
1. ${msg("simptelRecoveryNotificationStep1")}
2. ${msg("simptelRecoveryNotificationStep2")}
3. ${msg("simptelRecoveryNotificationStep3")}

${accountUrl}

${msg("emailSignature")}
