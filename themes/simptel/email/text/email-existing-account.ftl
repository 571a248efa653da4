<#ftl output_format="plainText">
${msg("existingAccountBody", realmName)}

${msg("emailSignature")}
