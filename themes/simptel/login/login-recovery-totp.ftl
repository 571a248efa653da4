<#-- Account recovery, authenticator-app step (simptel-recovery-totp). Until the mailbox is proven the
     page must look the same for every account, so it shows nothing about the user or their devices. -->
<#import "template.ftl" as layout>
<#import "field.ftl" as field>
<#import "buttons.ftl" as buttons>
<@layout.registrationLayout displayInfo=(recoveryMode == "code") displayMessage=!messagesPerField.existsError('totp'); section>
<!-- template: login-recovery-totp.ftl -->
    <#if section = "header">
        ${msg("simptelRecoveryTotpTitle")}
    <#elseif section = "form">
        <#if recoveryMode == "code">
            <p id="simptel-recovery-instruction" class="${properties.kcContentWrapperClass!}">${msg("simptelRecoveryTotpInstruction")}</p>
            <form id="kc-recovery-totp-form" class="${properties.kcFormClass!}" onsubmit="login.disabled = true; return true;"
                  action="${url.loginAction}" method="post">
                <@field.input name="otp" label=msg("simptelRecoveryTotpLabel") autocomplete="one-time-code" fieldName="totp" autofocus=true />
                <@buttons.actionGroup>
                    <@buttons.button id="kc-login" name="login" label="simptelRecoveryTotpSubmit"/>
                    <@buttons.buttonLink href=url.loginUrl label="backToLogin" id="simptel-recovery-back"/>
                </@buttons.actionGroup>
            </form>
        <#elseif recoveryMode == "withoutTotpContinue">
            <form id="kc-recovery-continue-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="post">
                <input type="hidden" name="continue" value="true"/>
                <@buttons.actionGroup>
                    <@buttons.button id="kc-continue" name="login" label="simptelRecoveryContinue"/>
                    <@buttons.buttonLink href=url.loginUrl label="backToLogin" id="simptel-recovery-back"/>
                </@buttons.actionGroup>
            </form>
        <#else>
            <@buttons.actionGroup>
                <@buttons.buttonLink href=url.loginRestartFlowUrl label="simptelRecoveryStartAgain" id="simptel-recovery-restart"
                    class=["kcButtonPrimaryClass", "kcButtonBlockClass"]/>
                <@buttons.buttonLink href=url.loginUrl label="backToLogin" id="simptel-recovery-back"/>
            </@buttons.actionGroup>
        </#if>
    <#elseif section = "info">
        <span class="${properties.kcLoginMainFooterHelperText!}">${msg("simptelRecoveryTotpHelp")}</span>
    </#if>
</@layout.registrationLayout>
