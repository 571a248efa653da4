<#macro emailLayout>
<html lang="${locale.language}" dir="${(ltr)?then('ltr','rtl')}">
<body style="font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #1f2328;">
    <#nested>
    <p style="color: #57606a; font-size: 0.9em;">${msg("emailSignature")}</p>
</body>
</html>
</#macro>
