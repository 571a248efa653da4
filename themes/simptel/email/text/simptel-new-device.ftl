<#ftl output_format="plainText">
${msg("simptelNewDeviceIntro", realmName, browser!msg("simptelNewDeviceUnknownBrowser"), os!msg("simptelNewDeviceUnknownOs"), ipAddress!msg("simptelNewDeviceUnknownIp"), signedInAt)}

${msg("simptelNewDeviceIfYou")}

${msg("simptelNewDeviceIfNotYou")}
${sessionsUrl}

${msg("emailSignature")}
