<#ftl output_format="plainText">
<#assign validity = (codeLifetimeMinutes == 1)?then(msg("emailCodeOneMinute"), msg("emailCodeMinutes", codeLifetimeMinutes?c))>
${msg("emailCodeBody", code, validity, realmName)}

${msg("emailSignature")}
