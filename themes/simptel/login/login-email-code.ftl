<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<#-- The page must look the same whether or not the flow knows a user (no account enumeration), so the
     layout's "signed in as <username>" row, shown only when there is a user, is switched off here. -->
<#global auth = "">
<@layout.registrationLayout displayInfo=true displayMessage=!messagesPerField.existsError('code'); section>
<!-- template: login-email-code.ftl -->
    <#if section = "header">
        ${msg("emailCodeTitle")}
    <#elseif section = "form">
        <p id="kc-email-code-instruction" class="${properties.kcInputHelperTextItemTextClass!}">
            <#assign validity = (emailCode.lifetimeMinutes == 1)?then(msg("emailCodeOneMinute"), msg("emailCodeMinutes", emailCode.lifetimeMinutes?c))>
            ${msg("emailCodeInstruction", emailCode.length?c, validity)}
        </p>
        <form id="kc-email-code-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post" novalidate="novalidate">
            <#assign codeError = messagesPerField.get('code')>
            <@field.group name="code" label=msg("emailCodeLabel") error=codeError required=false>
                <span class="${properties.kcInputClass!} <#if codeError?has_content>${properties.kcError!}</#if>">
                    <input id="code" name="code" type="text" value="" autofocus
                           autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]*"
                           maxlength="${emailCode.length + 4}" spellcheck="false"
                           <#if !emailCode.usable>disabled</#if>
                           aria-describedby="kc-email-code-instruction"
                           aria-invalid="<#if codeError?has_content>true</#if>"/>
                    <@field.errorIcon error=codeError/>
                </span>
            </@field.group>

            <@buttons.actionGroup>
                <#if emailCode.usable>
                    <@buttons.button id="kc-email-code-submit" name="verify" label="emailCodeSubmit"/>
                </#if>
                <button id="kc-email-code-resend" name="resend" value="true" type="submit" formnovalidate
                        class="${properties.kcButtonSecondaryClass!} ${properties.kcButtonBlockClass!}"
                        data-wait="${emailCode.resendWaitSeconds?c}"
                        data-label="${msg("emailCodeResend")}"
                        data-label-wait="${msg("emailCodeResendWait", "{0}")}">
                    <#if emailCode.resendWaitSeconds gt 0>${msg("emailCodeResendWait", emailCode.resendWaitSeconds?c)}<#else>${msg("emailCodeResend")}</#if>
                </button>
            </@buttons.actionGroup>
        </form>
        <script>
            <#outputformat "JavaScript">
            (function () {
                // Counts the cooldown down on the button; the server enforces it either way.
                var button = document.getElementById("kc-email-code-resend");
                var left = parseInt(button.getAttribute("data-wait"), 10) || 0;
                function render() {
                    if (left > 0) {
                        button.disabled = true;
                        button.textContent = button.getAttribute("data-label-wait").replace("{0}", left);
                    } else {
                        button.disabled = false;
                        button.textContent = button.getAttribute("data-label");
                    }
                }
                render();
                if (left > 0) {
                    var timer = setInterval(function () {
                        left -= 1;
                        render();
                        if (left <= 0) {
                            clearInterval(timer);
                        }
                    }, 1000);
                }
            })();
            </#outputformat>
        </script>
    <#elseif section = "info">
        <span class="${properties.kcLoginMainFooterHelperText!}">
            ${msg("emailCodeHelp")} <a id="kc-email-code-restart" href="${url.loginRestartFlowUrl}">${msg("emailCodeStartOver")}</a>
        </span>
    </#if>
</@layout.registrationLayout>
