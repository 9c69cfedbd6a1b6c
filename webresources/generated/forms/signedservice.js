/* Wechat Marketing web resource, built from webresources/src by `npm run build:webresources`. Do not edit. */
"use strict";
var WechatMarketing = WechatMarketing || {};
WechatMarketing.SignedService = (() => {
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __export = (target, all) => {
    for (var name in all)
      __defProp(target, name, { get: all[name], enumerable: true });
  };
  var __copyProps = (to, from, except, desc) => {
    if (from && typeof from === "object" || typeof from === "function") {
      for (let key of __getOwnPropNames(from))
        if (!__hasOwnProp.call(to, key) && key !== except)
          __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
    }
    return to;
  };
  var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

  // src/forms/signedservice/index.ts
  var index_exports = {};
  __export(index_exports, {
    onAgreementChange: () => onAgreementChange,
    onCloudChange: () => onCloudChange,
    onLoad: () => onLoad,
    onSave: () => onSave
  });

  // ../solution/generated/schema.ts
  var SignedService = {
    logicalName: "wxm_signedservice",
    entitySetName: "wxm_signedservices",
    primaryIdAttribute: "wxm_signedserviceid",
    primaryNameAttribute: "wxm_name",
    columns: {
      Id: "wxm_signedserviceid",
      Name: "wxm_name",
      TenantId: "wxm_tenantid",
      ClientId: "wxm_clientid",
      ClientSecret: "wxm_clientsecret",
      EnvironmentUrl: "wxm_environmenturl",
      Cloud: "wxm_cloud",
      AppId: "wxm_appid",
      BindingToken: "wxm_bindingtoken",
      ContactMatchColumn: "wxm_contactmatchcolumn",
      AgreementAccepted: "wxm_agreementaccepted",
      ConnectionStatus: "wxm_connectionstatus",
      StatusReasonCode: "wxm_statusreasoncode",
      StatusReasonEn: "wxm_statusreasonen",
      StatusReasonZh: "wxm_statusreasonzh",
      LastCheckedOn: "wxm_lastcheckedon",
      OfficialAccountId: "wxm_officialaccountid",
      CreatedBy: "createdby",
      CreatedOn: "createdon",
      CreatedOnBehalfBy: "createdonbehalfby",
      ImportSequenceNumber: "importsequencenumber",
      ModifiedBy: "modifiedby",
      ModifiedOn: "modifiedon",
      ModifiedOnBehalfBy: "modifiedonbehalfby",
      OrganizationId: "organizationid",
      OverriddenCreatedOn: "overriddencreatedon",
      StateCode: "statecode",
      StatusCode: "statuscode",
      TimeZoneRuleVersionNumber: "timezoneruleversionnumber",
      UTCConversionTimeZoneCode: "utcconversiontimezonecode",
      VersionNumber: "versionnumber"
    },
    /** Single-valued navigation properties for `<name>@odata.bind`. */
    navigation: {
      OfficialAccountId: "wxm_OfficialAccountId"
    },
    /** Alternate keys by logical name: the columns that identify a row. */
    keys: {},
    states: {
      Active: 0,
      Inactive: 1
    },
    statuses: {
      Active: 1,
      Inactive: 2
    }
  };
  var Cloud = {
    Global: 47261e4,
    China: 472610001
  };
  var ConnectionStatus = {
    Pending: 47261e4,
    Connected: 472610001,
    Failed: 472610002,
    Revoked: 472610003
  };

  // src/shared/language.ts
  var CHINESE_LCIDS = /* @__PURE__ */ new Set([2052, 1028, 3076, 5124, 4100]);
  function languageFromLcid(lcid) {
    return CHINESE_LCIDS.has(lcid) ? "zh" : "en";
  }
  function userLanguage(xrm) {
    return languageFromLcid(xrm.Utility.getGlobalContext().userSettings.languageId);
  }

  // src/shared/xrm.ts
  function findXrm(win) {
    const candidates = [() => win.Xrm, () => win.parent?.Xrm];
    for (const get of candidates) {
      try {
        const xrm = get();
        if (xrm?.Utility && xrm.WebApi) return xrm;
      } catch {
      }
    }
    return void 0;
  }

  // src/strings/officialaccount.ts
  var en = {
    "oa.authorized": "Authorized to Wechat Marketing since {date}.",
    "oa.authorizedNoDate": "Authorized to Wechat Marketing.",
    "oa.unauthorized": "The authorization was cancelled in WeChat: this account\u2019s messages no longer arrive. Authorize it again from Start To Use.",
    "oa.needsAttention": "This account needs attention: check its permissions and the last delivery error.",
    "oa.permissionsAll": "Permissions: all {count} required permission sets are granted ({names}).",
    "oa.permissionsMissing": "Permissions: {granted} of {count} required permission sets granted. Missing: {names}. Authorize again from Start To Use and keep them ticked.",
    "oa.permissionsUnknown": "Permissions: not reported by the relay yet.",
    "oa.verified": "Verification: {type}.",
    "oa.unverified": "Verification: not verified by WeChat. WeChat gives customer-service messages, which replies from Dynamics 365 use, to verified accounts only.",
    "oa.lastError": "Last delivery error ({date}): {error}",
    "oa.lastErrorNoDate": "Last delivery error: {error}"
  };
  var zh = {
    "oa.authorized": "\u81EA {date} \u8D77\u5DF2\u6388\u6743\u7ED9\u5FAE\u4FE1\u8425\u9500\u3002",
    "oa.authorizedNoDate": "\u5DF2\u6388\u6743\u7ED9\u5FAE\u4FE1\u8425\u9500\u3002",
    "oa.unauthorized": "\u8BE5\u8D26\u53F7\u5DF2\u5728\u5FAE\u4FE1\u4E2D\u53D6\u6D88\u6388\u6743\uFF0C\u5176\u6D88\u606F\u5C06\u4E0D\u518D\u8FDB\u5165\u3002\u8BF7\u901A\u8FC7\u201C\u5F00\u901A\u670D\u52A1\u201D\u91CD\u65B0\u6388\u6743\u3002",
    "oa.needsAttention": "\u8BE5\u8D26\u53F7\u9700\u8981\u5904\u7406\uFF1A\u8BF7\u68C0\u67E5\u5176\u6743\u9650\u548C\u6700\u8FD1\u7684\u6295\u9012\u9519\u8BEF\u3002",
    "oa.permissionsAll": "\u6743\u9650\uFF1A\u5168\u90E8 {count} \u4E2A\u5FC5\u9700\u7684\u6743\u9650\u96C6\u5747\u5DF2\u6388\u4E88\uFF08{names}\uFF09\u3002",
    "oa.permissionsMissing": "\u6743\u9650\uFF1A{count} \u4E2A\u5FC5\u9700\u7684\u6743\u9650\u96C6\u4E2D\u5DF2\u6388\u4E88 {granted} \u4E2A\u3002\u7F3A\u5C11\uFF1A{names}\u3002\u8BF7\u901A\u8FC7\u201C\u5F00\u901A\u670D\u52A1\u201D\u91CD\u65B0\u6388\u6743\u5E76\u4FDD\u6301\u52FE\u9009\u3002",
    "oa.permissionsUnknown": "\u6743\u9650\uFF1A\u4E2D\u7EE7\u670D\u52A1\u5C1A\u672A\u62A5\u544A\u3002",
    "oa.verified": "\u8BA4\u8BC1\uFF1A{type}\u3002",
    "oa.unverified": "\u8BA4\u8BC1\uFF1A\u672A\u901A\u8FC7\u5FAE\u4FE1\u8BA4\u8BC1\u3002\u4ECE Dynamics 365 \u56DE\u590D\u6240\u7528\u7684\u5BA2\u670D\u6D88\u606F\u63A5\u53E3\u4EC5\u5411\u5DF2\u8BA4\u8BC1\u7684\u8D26\u53F7\u5F00\u653E\u3002",
    "oa.lastError": "\u6700\u8FD1\u6295\u9012\u9519\u8BEF\uFF08{date}\uFF09\uFF1A{error}",
    "oa.lastErrorNoDate": "\u6700\u8FD1\u6295\u9012\u9519\u8BEF\uFF1A{error}"
  };
  var officialAccount = { en, zh };

  // src/strings/signedservice.ts
  var en2 = {
    "ss.state.pending": "Pending",
    "ss.state.connected": "Connected",
    "ss.state.failed": "Failed",
    "ss.state.revoked": "Revoked",
    "ss.status": "Connection: {state}. {reason}",
    "ss.statusNoReason": "Connection: {state}.",
    "ss.checking": "Connection: checking\u2026 the relay is verifying what you saved.",
    "ss.cloud.global": "global cloud",
    "ss.cloud.china": "China cloud operated by 21Vianet",
    "ss.cloudChoice.global": "Global",
    "ss.cloudChoice.china": "China (21Vianet)",
    "ss.step1": "Step 1 of 4 \xB7 Azure app registration ({cloud}): at {portal} open App registrations \u2192 New registration (single tenant). Copy its Application (client) ID and Directory (tenant) ID, and create a client secret under Certificates & secrets.",
    "ss.step2": "Step 2 of 4 \xB7 Application user: in the Power Platform admin center open this environment \u2192 Settings \u2192 Users + permissions \u2192 Application users \u2192 New app user, and choose that application.",
    "ss.step3": "Step 3 of 4 \xB7 Role: give the application user the Wechat Marketing Relay role, and add it to the field security profile Wechat Marketing Relay Secrets.",
    "ss.step4": "Step 4 of 4 \xB7 This form: cloud \u201C{cloudChoice}\u201D, environment URL like {environment}, the IDs and the secret from step 1, the AppId and binding token from Start To Use; tick the agreement and save.",
    "ss.secretStored": "{label} (stored by the relay)",
    "ss.tokenUsed": "{label} (used by the relay)",
    "ss.revokeTitle": "Revoke the relay\u2019s access?",
    "ss.revokeText": "When you save with the agreement unticked, the relay deletes the credentials of this application user and writes nothing more to this environment: followers\u2019 new messages stop arriving in Dynamics 365.",
    "ss.revokeConfirm": "Untick to revoke",
    "ss.revokeCancel": "Keep connected",
    "ss.revokeSave": "Save the record to revoke the relay\u2019s access. Nothing changes until you save.",
    "ss.reconnect": "To connect again, enter a client secret and a new binding token from Start To Use, then save: the relay deleted the old ones when access was revoked."
  };
  var zh2 = {
    "ss.state.pending": "\u5F85\u8FDE\u63A5",
    "ss.state.connected": "\u5DF2\u8FDE\u63A5",
    "ss.state.failed": "\u8FDE\u63A5\u5931\u8D25",
    "ss.state.revoked": "\u5DF2\u64A4\u9500",
    "ss.status": "\u8FDE\u63A5\u72B6\u6001\uFF1A{state}\u3002{reason}",
    "ss.statusNoReason": "\u8FDE\u63A5\u72B6\u6001\uFF1A{state}\u3002",
    "ss.checking": "\u8FDE\u63A5\u72B6\u6001\uFF1A\u68C0\u67E5\u4E2D\u2026\u4E2D\u7EE7\u670D\u52A1\u6B63\u5728\u9A8C\u8BC1\u60A8\u4FDD\u5B58\u7684\u4FE1\u606F\u3002",
    "ss.cloud.global": "\u5168\u7403\u7248",
    "ss.cloud.china": "\u7531\u4E16\u7EAA\u4E92\u8054\u8FD0\u8425\u7684\u4E2D\u56FD\u7248",
    "ss.cloudChoice.global": "\u5168\u7403\u7248",
    "ss.cloudChoice.china": "\u4E2D\u56FD\u7248\uFF08\u4E16\u7EAA\u4E92\u8054\uFF09",
    "ss.step1": "\u7B2C 1 \u6B65\uFF0C\u5171 4 \u6B65 \xB7 Azure \u5E94\u7528\u6CE8\u518C\uFF08{cloud}\uFF09\uFF1A\u5728 {portal} \u6253\u5F00\u201C\u5E94\u7528\u6CE8\u518C \u2192 \u65B0\u6CE8\u518C\u201D\uFF08\u5355\u79DF\u6237\uFF09\u3002\u590D\u5236\u5E94\u7528\u7A0B\u5E8F\uFF08\u5BA2\u6237\u7AEF\uFF09ID \u548C\u76EE\u5F55\uFF08\u79DF\u6237\uFF09ID\uFF0C\u5E76\u5728\u201C\u8BC1\u4E66\u548C\u5BC6\u7801\u201D\u4E2D\u65B0\u5EFA\u5BA2\u6237\u7AEF\u5BC6\u7801\u3002",
    "ss.step2": "\u7B2C 2 \u6B65\uFF0C\u5171 4 \u6B65 \xB7 \u5E94\u7528\u7A0B\u5E8F\u7528\u6237\uFF1A\u5728 Power Platform \u7BA1\u7406\u4E2D\u5FC3\u6253\u5F00\u6B64\u73AF\u5883 \u2192 \u8BBE\u7F6E \u2192 \u7528\u6237 + \u6743\u9650 \u2192 \u5E94\u7528\u7A0B\u5E8F\u7528\u6237 \u2192 \u65B0\u5EFA\u5E94\u7528\u7528\u6237\uFF0C\u5E76\u9009\u62E9\u8BE5\u5E94\u7528\u7A0B\u5E8F\u3002",
    "ss.step3": "\u7B2C 3 \u6B65\uFF0C\u5171 4 \u6B65 \xB7 \u89D2\u8272\uFF1A\u4E3A\u8BE5\u5E94\u7528\u7A0B\u5E8F\u7528\u6237\u5206\u914D Wechat Marketing Relay \u89D2\u8272\uFF0C\u5E76\u5C06\u5176\u52A0\u5165\u5B57\u6BB5\u5B89\u5168\u914D\u7F6E\u6587\u4EF6 Wechat Marketing Relay Secrets\u3002",
    "ss.step4": "\u7B2C 4 \u6B65\uFF0C\u5171 4 \u6B65 \xB7 \u6B64\u8868\u5355\uFF1A\u4E91\u9009\u62E9\u201C{cloudChoice}\u201D\uFF0C\u73AF\u5883\u5730\u5740\u5F62\u5982 {environment}\uFF0C\u586B\u5199\u7B2C 1 \u6B65\u7684 ID \u548C\u5BC6\u7801\uFF0C\u4EE5\u53CA\u201C\u5F00\u901A\u670D\u52A1\u201D\u7ED9\u51FA\u7684 AppId \u548C\u7ED1\u5B9A\u4EE4\u724C\uFF1B\u52FE\u9009\u534F\u8BAE\u5E76\u4FDD\u5B58\u3002",
    "ss.secretStored": "{label}\uFF08\u5DF2\u7531\u4E2D\u7EE7\u670D\u52A1\u4FDD\u5B58\uFF09",
    "ss.tokenUsed": "{label}\uFF08\u5DF2\u7531\u4E2D\u7EE7\u670D\u52A1\u4F7F\u7528\uFF09",
    "ss.revokeTitle": "\u64A4\u9500\u4E2D\u7EE7\u670D\u52A1\u7684\u8BBF\u95EE\u6743\u9650\uFF1F",
    "ss.revokeText": "\u53D6\u6D88\u52FE\u9009\u534F\u8BAE\u5E76\u4FDD\u5B58\u540E\uFF0C\u4E2D\u7EE7\u670D\u52A1\u5C06\u5220\u9664\u6B64\u5E94\u7528\u7A0B\u5E8F\u7528\u6237\u7684\u51ED\u636E\uFF0C\u4E14\u4E0D\u518D\u5411\u6B64\u73AF\u5883\u5199\u5165\u4EFB\u4F55\u5185\u5BB9\uFF1A\u7C89\u4E1D\u7684\u65B0\u6D88\u606F\u5C06\u4E0D\u518D\u8FDB\u5165 Dynamics 365\u3002",
    "ss.revokeConfirm": "\u53D6\u6D88\u52FE\u9009\u4EE5\u64A4\u9500",
    "ss.revokeCancel": "\u4FDD\u6301\u8FDE\u63A5",
    "ss.revokeSave": "\u4FDD\u5B58\u8BB0\u5F55\u540E\u5373\u64A4\u9500\u4E2D\u7EE7\u670D\u52A1\u7684\u8BBF\u95EE\u6743\u9650\u3002\u4FDD\u5B58\u524D\u4E0D\u4F1A\u6709\u4EFB\u4F55\u53D8\u5316\u3002",
    "ss.reconnect": "\u5982\u9700\u91CD\u65B0\u8FDE\u63A5\uFF0C\u8BF7\u586B\u5199\u5BA2\u6237\u7AEF\u5BC6\u7801\u548C\u901A\u8FC7\u201C\u5F00\u901A\u670D\u52A1\u201D\u83B7\u53D6\u7684\u65B0\u7ED1\u5B9A\u4EE4\u724C\uFF0C\u7136\u540E\u4FDD\u5B58\uFF1A\u64A4\u9500\u8BBF\u95EE\u6743\u9650\u65F6\u4E2D\u7EE7\u670D\u52A1\u5DF2\u5220\u9664\u539F\u6709\u4FE1\u606F\u3002"
  };
  var signedService = { en: en2, zh: zh2 };

  // src/strings/starttouse.ts
  var en3 = {
    "start.title": "Start To Use",
    "start.intro": "Wechat Marketing connects your WeChat Official Account to Dynamics 365: followers\u2019 messages arrive here as records, and your team answers them without leaving Dynamics 365.",
    "start.how": "It runs through our WeChat third-party platform, so nobody has to whitelist the IP addresses of Dynamics 365. You choose the permissions in WeChat and can cancel the authorization at any time.",
    "start.steps": "Two steps: authorize the account here, then connect it to this environment (through its Signed Service) so that the relay can write into it.",
    "start.accountType": "Account type",
    "start.officialAccount": "Official Account",
    "start.officialAccountHint": "subscription or service account",
    "start.miniProgram": "Mini Program",
    "start.originalId": "Original ID",
    "start.whereOfficialAccount": "Where to find it: sign in to the Official Account admin (mp.weixin.qq.com), then Settings and development \u2192 Basic configuration \u2192 Original ID (\u516C\u4F17\u53F7\u540E\u53F0 \u2192 \u8BBE\u7F6E\u4E0E\u5F00\u53D1 \u2192 \u57FA\u672C\u914D\u7F6E \u2192 \u539F\u59CBID).",
    "start.whereMiniProgram": "Where to find it: sign in to mp.weixin.qq.com with the Mini Program, then Settings \u2192 Basic settings \u2192 Original ID (\u5C0F\u7A0B\u5E8F\u540E\u53F0 \u2192 \u8BBE\u7F6E \u2192 \u57FA\u672C\u8BBE\u7F6E \u2192 \u539F\u59CBID).",
    "start.originalIdRequired": "Enter the original ID of the account.",
    "start.originalIdInvalid": "This is not an original ID: it is gh_ followed by 12 characters from 0\u20139 and a\u2013f, for example gh_3c884a361561.",
    "start.authorize": "Authorize in WeChat",
    "start.authorizeNote": "WeChat\u2019s authorization page opens in a new tab. Scan its QR code with the WeChat of the account\u2019s administrator and confirm; you then come back to this page with the result.",
    "start.loadingRelay": "Reading the relay address\u2026",
    "start.relayMissing": "The relay address is not set. Ask an administrator to set the environment variable \u201CWechat Marketing Relay URL\u201D (wxm_RelayUrl) under Solutions \u2192 Wechat Marketing \u2192 Environment variables.",
    "start.relayUnreadable": "The relay address could not be read: {message}",
    "start.outsideDynamics": "Open this page from the Wechat Marketing app: Settings \u2192 Start To Use.",
    "start.popupBlocked": "The browser blocked the new tab. Allow pop-ups for this site, or open WeChat\u2019s page here:",
    "start.openLink": "Open the authorization page",
    "result.title": "Account authorized",
    "result.keep": "Keep these values: the Signed Service needs the AppId and the binding token. This page forgets them as soon as you leave it.",
    "result.name": "Name",
    "result.appid": "AppId",
    "result.originalId": "Original ID",
    "result.bindingToken": "Binding token",
    "result.bindingTokenNote": "Works once, only for this AppId and this environment.",
    "result.serverAddress": "Server address",
    "result.copy": "Copy",
    "result.copied": "Copied",
    "result.copyFailed": "Select it and copy by hand",
    "result.missingTitle": "These required permission sets were not granted; the features that need them will not work:",
    "result.missingFix": "To grant them, authorize the account again and keep them ticked.",
    "result.allGranted": "All required permission sets were granted.",
    "result.nextTitle": "Next step",
    "result.next": "Create the Signed Service: enter the application user of this environment (the AppId is filled in; paste the binding token shown above), tick the agreement and save.",
    "result.createSignedService": "Create the Signed Service",
    "start.waiting": "Complete the authorization in the new tab, then press \u201CBack to Dynamics 365\u201D there: the result appears here.",
    "result.org": "Environment",
    "result.orgNote": "The binding token works only in this environment.",
    "result.checking": "Looking for the Signed Service of this environment\u2026",
    "result.connectOne": "This environment is connected through the Signed Service \u201C{name}\u201D: connect this account through it (the relay already holds its credentials).",
    "result.connectJoins": "It serves AppId {appid} now: that account stays connected, and this one joins it.",
    "result.connect": "Connect to this environment",
    "result.connecting": "Saved in the Signed Service. The relay is connecting the account\u2026",
    "result.connected": "Connected: messages of this account\u2019s followers now arrive in this environment.",
    "result.connectFailed": "The relay could not connect the account: {reason}",
    "result.connectWaiting": "The relay has not answered yet. Open the Signed Service \u201C{name}\u201D to see its status.",
    "result.connectError": "The Signed Service could not be saved: {message}",
    "result.several": "This environment has {count} connected Signed Services. Create one for this account (the AppId is filled in; paste the binding token shown above), or enter both in the one it should use.",
    "result.lookupFailed": "The Signed Services of this environment could not be read ({message}). Create one for this account instead.",
    "result.nextOutside": "Create the Signed Service: Wechat Marketing \u2192 Settings \u2192 Signed Services \u2192 New. Enter the application user of this environment, this AppId and the binding token (copy it above), tick the agreement and save.",
    "result.again": "Authorize another account"
  };
  var zh3 = {
    "start.title": "\u5F00\u901A\u670D\u52A1",
    "start.intro": "\u5FAE\u4FE1\u8425\u9500\u5C06\u60A8\u7684\u5FAE\u4FE1\u516C\u4F17\u53F7\u4E0E Dynamics 365 \u8FDE\u63A5\uFF1A\u7C89\u4E1D\u7684\u6D88\u606F\u4EE5\u8BB0\u5F55\u7684\u5F62\u5F0F\u8FDB\u5165 Dynamics 365\uFF0C\u60A8\u7684\u56E2\u961F\u65E0\u9700\u79BB\u5F00 Dynamics 365 \u5373\u53EF\u56DE\u590D\u3002",
    "start.how": "\u670D\u52A1\u901A\u8FC7\u6211\u4EEC\u7684\u5FAE\u4FE1\u7B2C\u4E09\u65B9\u5E73\u53F0\u8FD0\u884C\uFF0C\u65E0\u9700\u4E3A Dynamics 365 \u7684 IP \u5730\u5740\u8BBE\u7F6E\u767D\u540D\u5355\u3002\u6743\u9650\u7531\u60A8\u5728\u5FAE\u4FE1\u4E2D\u9009\u62E9\uFF0C\u5E76\u53EF\u968F\u65F6\u53D6\u6D88\u6388\u6743\u3002",
    "start.steps": "\u53EA\u9700\u4E24\u6B65\uFF1A\u5148\u5728\u6B64\u6388\u6743\u8D26\u53F7\uFF0C\u518D\u5C06\u5176\u8FDE\u63A5\u5230\u6B64\u73AF\u5883\uFF08\u901A\u8FC7\u201C\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\u201D\uFF09\uFF0C\u8BA9\u4E2D\u7EE7\u670D\u52A1\u53EF\u4EE5\u5199\u5165\u6B64\u73AF\u5883\u3002",
    "start.accountType": "\u8D26\u53F7\u7C7B\u578B",
    "start.officialAccount": "\u516C\u4F17\u53F7",
    "start.officialAccountHint": "\u8BA2\u9605\u53F7\u6216\u670D\u52A1\u53F7",
    "start.miniProgram": "\u5C0F\u7A0B\u5E8F",
    "start.originalId": "\u539F\u59CB ID",
    "start.whereOfficialAccount": "\u67E5\u627E\u4F4D\u7F6E\uFF1A\u767B\u5F55\u516C\u4F17\u53F7\u540E\u53F0\uFF08mp.weixin.qq.com\uFF09\uFF0C\u8FDB\u5165\u201C\u8BBE\u7F6E\u4E0E\u5F00\u53D1 \u2192 \u57FA\u672C\u914D\u7F6E\u201D\uFF0C\u67E5\u770B\u201C\u539F\u59CBID\u201D\u3002",
    "start.whereMiniProgram": "\u67E5\u627E\u4F4D\u7F6E\uFF1A\u7528\u5C0F\u7A0B\u5E8F\u8D26\u53F7\u767B\u5F55 mp.weixin.qq.com\uFF0C\u8FDB\u5165\u201C\u8BBE\u7F6E \u2192 \u57FA\u672C\u8BBE\u7F6E\u201D\uFF0C\u67E5\u770B\u201C\u539F\u59CBID\u201D\u3002",
    "start.originalIdRequired": "\u8BF7\u8F93\u5165\u8D26\u53F7\u7684\u539F\u59CB ID\u3002",
    "start.originalIdInvalid": "\u8FD9\u4E0D\u662F\u539F\u59CB ID\uFF1A\u539F\u59CB ID \u7531 gh_ \u52A0 12 \u4F4D\u5B57\u7B26\uFF080\u20139\u3001a\u2013f\uFF09\u7EC4\u6210\uFF0C\u4F8B\u5982 gh_3c884a361561\u3002",
    "start.authorize": "\u524D\u5F80\u5FAE\u4FE1\u6388\u6743",
    "start.authorizeNote": "\u5FAE\u4FE1\u6388\u6743\u9875\u9762\u5C06\u5728\u65B0\u6807\u7B7E\u9875\u4E2D\u6253\u5F00\u3002\u8BF7\u4F7F\u7528\u8BE5\u8D26\u53F7\u7BA1\u7406\u5458\u7684\u5FAE\u4FE1\u626B\u7801\u5E76\u786E\u8BA4\uFF0C\u5B8C\u6210\u540E\u4F1A\u56DE\u5230\u6B64\u9875\u9762\u5E76\u663E\u793A\u7ED3\u679C\u3002",
    "start.loadingRelay": "\u6B63\u5728\u8BFB\u53D6\u4E2D\u7EE7\u670D\u52A1\u5730\u5740\u2026",
    "start.relayMissing": "\u5C1A\u672A\u8BBE\u7F6E\u4E2D\u7EE7\u670D\u52A1\u5730\u5740\u3002\u8BF7\u7BA1\u7406\u5458\u5728\u201C\u89E3\u51B3\u65B9\u6848 \u2192 Wechat Marketing \u2192 \u73AF\u5883\u53D8\u91CF\u201D\u4E2D\u8BBE\u7F6E\u73AF\u5883\u53D8\u91CF\u201CWechat Marketing Relay URL\u201D\uFF08wxm_RelayUrl\uFF09\u3002",
    "start.relayUnreadable": "\u65E0\u6CD5\u8BFB\u53D6\u4E2D\u7EE7\u670D\u52A1\u5730\u5740\uFF1A{message}",
    "start.outsideDynamics": "\u8BF7\u5728\u5FAE\u4FE1\u8425\u9500\u5E94\u7528\u4E2D\u6253\u5F00\u6B64\u9875\u9762\uFF1A\u8BBE\u7F6E \u2192 \u5F00\u901A\u670D\u52A1\u3002",
    "start.popupBlocked": "\u6D4F\u89C8\u5668\u963B\u6B62\u4E86\u65B0\u6807\u7B7E\u9875\u3002\u8BF7\u5141\u8BB8\u6B64\u7F51\u7AD9\u5F39\u51FA\u7A97\u53E3\uFF0C\u6216\u5728\u6B64\u6253\u5F00\u5FAE\u4FE1\u6388\u6743\u9875\u9762\uFF1A",
    "start.openLink": "\u6253\u5F00\u6388\u6743\u9875\u9762",
    "result.title": "\u6388\u6743\u6210\u529F",
    "result.keep": "\u8BF7\u59A5\u5584\u4FDD\u5B58\u4EE5\u4E0B\u4FE1\u606F\uFF1A\u65B0\u5EFA\u201C\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\u201D\u65F6\u9700\u8981 AppId \u548C\u7ED1\u5B9A\u4EE4\u724C\u3002\u79BB\u5F00\u6B64\u9875\u9762\u540E\u8FD9\u4E9B\u4FE1\u606F\u5C06\u4E0D\u518D\u663E\u793A\u3002",
    "result.name": "\u540D\u79F0",
    "result.appid": "AppId",
    "result.originalId": "\u539F\u59CB ID",
    "result.bindingToken": "\u7ED1\u5B9A\u4EE4\u724C",
    "result.bindingTokenNote": "\u4EC5\u53EF\u4F7F\u7528\u4E00\u6B21\uFF0C\u4E14\u4EC5\u9002\u7528\u4E8E\u6B64 AppId \u548C\u6B64\u73AF\u5883\u3002",
    "result.serverAddress": "\u670D\u52A1\u5668\u5730\u5740",
    "result.copy": "\u590D\u5236",
    "result.copied": "\u5DF2\u590D\u5236",
    "result.copyFailed": "\u8BF7\u9009\u4E2D\u540E\u624B\u52A8\u590D\u5236",
    "result.missingTitle": "\u4EE5\u4E0B\u5FC5\u9700\u7684\u6743\u9650\u96C6\u672A\u6388\u4E88\uFF0C\u4F9D\u8D56\u5B83\u4EEC\u7684\u529F\u80FD\u5C06\u65E0\u6CD5\u4F7F\u7528\uFF1A",
    "result.missingFix": "\u5982\u9700\u6388\u4E88\uFF0C\u8BF7\u91CD\u65B0\u6388\u6743\u5E76\u4FDD\u6301\u52FE\u9009\u8FD9\u4E9B\u6743\u9650\u3002",
    "result.allGranted": "\u6240\u6709\u5FC5\u9700\u7684\u6743\u9650\u96C6\u5747\u5DF2\u6388\u4E88\u3002",
    "result.nextTitle": "\u4E0B\u4E00\u6B65",
    "result.next": "\u65B0\u5EFA\u201C\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\u201D\uFF1A\u586B\u5199\u6B64\u73AF\u5883\u7684\u5E94\u7528\u7A0B\u5E8F\u7528\u6237\uFF08AppId \u5DF2\u81EA\u52A8\u586B\u5165\uFF0C\u8BF7\u7C98\u8D34\u4E0A\u65B9\u7684\u7ED1\u5B9A\u4EE4\u724C\uFF09\uFF0C\u52FE\u9009\u534F\u8BAE\u5E76\u4FDD\u5B58\u3002",
    "result.createSignedService": "\u65B0\u5EFA\u5DF2\u6CE8\u518C\u7684\u670D\u52A1",
    "start.waiting": "\u8BF7\u5728\u65B0\u6807\u7B7E\u9875\u4E2D\u5B8C\u6210\u6388\u6743\uFF0C\u7136\u540E\u70B9\u51FB\u5176\u4E2D\u7684\u201C\u8FD4\u56DE Dynamics 365\u201D\uFF1A\u7ED3\u679C\u5C06\u663E\u793A\u5728\u6B64\u9875\u9762\u3002",
    "result.org": "\u73AF\u5883",
    "result.orgNote": "\u7ED1\u5B9A\u4EE4\u724C\u4EC5\u9002\u7528\u4E8E\u6B64\u73AF\u5883\u3002",
    "result.checking": "\u6B63\u5728\u67E5\u627E\u6B64\u73AF\u5883\u7684\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\u2026",
    "result.connectOne": "\u6B64\u73AF\u5883\u5DF2\u901A\u8FC7\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\u201C{name}\u201D\u8FDE\u63A5\uFF1A\u53EF\u901A\u8FC7\u5B83\u8FDE\u63A5\u6B64\u8D26\u53F7\uFF08\u4E2D\u7EE7\u670D\u52A1\u5DF2\u6301\u6709\u5176\u51ED\u636E\uFF09\u3002",
    "result.connectJoins": "\u5B83\u76EE\u524D\u670D\u52A1\u4E8E AppId {appid}\uFF1A\u8BE5\u8D26\u53F7\u4FDD\u6301\u8FDE\u63A5\uFF0C\u6B64\u8D26\u53F7\u4E00\u5E76\u52A0\u5165\u3002",
    "result.connect": "\u8FDE\u63A5\u5230\u6B64\u73AF\u5883",
    "result.connecting": "\u5DF2\u4FDD\u5B58\u5230\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\uFF0C\u4E2D\u7EE7\u670D\u52A1\u6B63\u5728\u8FDE\u63A5\u8BE5\u8D26\u53F7\u2026",
    "result.connected": "\u5DF2\u8FDE\u63A5\uFF1A\u6B64\u8D26\u53F7\u7C89\u4E1D\u7684\u6D88\u606F\u5C06\u5199\u5165\u6B64\u73AF\u5883\u3002",
    "result.connectFailed": "\u4E2D\u7EE7\u670D\u52A1\u65E0\u6CD5\u8FDE\u63A5\u8BE5\u8D26\u53F7\uFF1A{reason}",
    "result.connectWaiting": "\u4E2D\u7EE7\u670D\u52A1\u5C1A\u672A\u7B54\u590D\u3002\u8BF7\u6253\u5F00\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\u201C{name}\u201D\u67E5\u770B\u5176\u72B6\u6001\u3002",
    "result.connectError": "\u65E0\u6CD5\u4FDD\u5B58\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\uFF1A{message}",
    "result.several": "\u6B64\u73AF\u5883\u6709 {count} \u4E2A\u5DF2\u8FDE\u63A5\u7684\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\u3002\u8BF7\u4E3A\u6B64\u8D26\u53F7\u65B0\u5EFA\u4E00\u4E2A\uFF08AppId \u5DF2\u81EA\u52A8\u586B\u5165\uFF0C\u8BF7\u7C98\u8D34\u4E0A\u65B9\u7684\u7ED1\u5B9A\u4EE4\u724C\uFF09\uFF0C\u6216\u5C06\u4E24\u8005\u586B\u5165\u6B64\u8D26\u53F7\u5E94\u4F7F\u7528\u7684\u90A3\u4E00\u4E2A\u3002",
    "result.lookupFailed": "\u65E0\u6CD5\u8BFB\u53D6\u6B64\u73AF\u5883\u7684\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\uFF08{message}\uFF09\u3002\u8BF7\u4E3A\u6B64\u8D26\u53F7\u65B0\u5EFA\u4E00\u4E2A\u3002",
    "result.nextOutside": "\u65B0\u5EFA\u201C\u5DF2\u6CE8\u518C\u7684\u670D\u52A1\u201D\uFF1A\u5FAE\u4FE1\u8425\u9500 \u2192 \u8BBE\u7F6E \u2192 \u5DF2\u6CE8\u518C\u7684\u670D\u52A1 \u2192 \u65B0\u5EFA\u3002\u586B\u5199\u6B64\u73AF\u5883\u7684\u5E94\u7528\u7A0B\u5E8F\u7528\u6237\u3001\u6B64 AppId \u548C\u7ED1\u5B9A\u4EE4\u724C\uFF08\u53EF\u5728\u4E0A\u65B9\u590D\u5236\uFF09\uFF0C\u52FE\u9009\u534F\u8BAE\u5E76\u4FDD\u5B58\u3002",
    "result.again": "\u6388\u6743\u5176\u4ED6\u8D26\u53F7"
  };
  var startToUse = { en: en3, zh: zh3 };

  // src/strings/index.ts
  var STRINGS = {
    en: { ...startToUse.en, ...signedService.en, ...officialAccount.en },
    zh: { ...startToUse.zh, ...signedService.zh, ...officialAccount.zh }
  };
  function translator(language) {
    const table = STRINGS[language];
    return (key, values = {}) => table[key].replace(/\{(\w+)\}/g, (whole, name) => name in values ? String(values[name]) : whole);
  }

  // src/shared/notify.ts
  function notify(form, id, level, message) {
    if (message) form.ui.setFormNotification(message, level, id);
    else form.ui.clearFormNotification(id);
  }

  // src/forms/signedservice/agreement.ts
  var C = SignedService.columns;
  var REVOKE_NOTIFICATION = "wxm-revoke";
  async function onAgreementChanged(xrm, form, t, saved) {
    const attribute = form.getAttribute(C.AgreementAccepted);
    if (!attribute) return;
    const ticked = attribute.getValue() === true;
    const isSavedRow = form.ui.getFormType() !== 1;
    if (!ticked && saved.saved === true && isSavedRow) {
      const answer = await xrm.Navigation.openConfirmDialog(
        { title: t("ss.revokeTitle"), text: t("ss.revokeText"), confirmButtonLabel: t("ss.revokeConfirm"), cancelButtonLabel: t("ss.revokeCancel") },
        { height: 240, width: 480 }
      );
      if (answer.confirmed) notify(form, REVOKE_NOTIFICATION, "WARNING", t("ss.revokeSave"));
      else {
        attribute.setValue(true);
        notify(form, REVOKE_NOTIFICATION, "WARNING", void 0);
      }
      return;
    }
    notify(form, REVOKE_NOTIFICATION, "INFO", ticked && saved.saved === false && saved.state === "revoked" ? t("ss.reconnect") : void 0);
  }

  // src/forms/signedservice/guidance.ts
  var C2 = SignedService.columns;
  var STEP_NOTIFICATIONS = ["wxm-step-1", "wxm-step-2", "wxm-step-3", "wxm-step-4"];
  var CLOUDS = {
    global: { portal: "https://portal.azure.com", environment: "https://contoso.crm.dynamics.com" },
    china: { portal: "https://portal.azure.cn", environment: "https://contoso.crm.dynamics.cn" }
  };
  function cloudOf(form) {
    return form.getAttribute(C2.Cloud)?.getValue() === Cloud.China ? "china" : "global";
  }
  function cloudOfUrl(url) {
    try {
      return new URL(url).hostname.toLowerCase().endsWith(".dynamics.cn") ? "china" : "global";
    } catch {
      return "global";
    }
  }
  function showGuidance(form, t, visible) {
    const cloud = cloudOf(form);
    const { portal, environment } = CLOUDS[cloud];
    const texts = [
      t("ss.step1", { cloud: t(`ss.cloud.${cloud}`), portal }),
      t("ss.step2"),
      t("ss.step3"),
      t("ss.step4", { cloudChoice: t(`ss.cloudChoice.${cloud}`), environment })
    ];
    STEP_NOTIFICATIONS.forEach((id, i) => notify(form, id, "INFO", visible ? texts[i] : void 0));
  }
  function prefillEnvironment(form, clientUrl) {
    const url = form.getAttribute(C2.EnvironmentUrl);
    if (!url || url.getValue()) return;
    url.setValue(clientUrl.replace(/\/+$/, ""));
    form.getAttribute(C2.Cloud)?.setValue(cloudOfUrl(clientUrl) === "china" ? Cloud.China : Cloud.Global);
  }

  // src/shared/relay.ts
  var RELAY_URL_QUERY = "?$filter=schemaname eq 'wxm_RelayUrl'&$select=defaultvalue&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)";
  async function readRelayUrl(xrm) {
    const result = await xrm.WebApi.retrieveMultipleRecords("environmentvariabledefinition", RELAY_URL_QUERY);
    const definition = result.entities[0];
    const values = definition?.["environmentvariabledefinition_environmentvariablevalue"];
    const current2 = Array.isArray(values) ? values[0]?.value : void 0;
    const chosen = typeof current2 === "string" && current2.trim() ? current2 : definition?.["defaultvalue"];
    return typeof chosen === "string" && chosen.trim() ? chosen.trim().replace(/\/+$/, "") : void 0;
  }
  var STATES = ["pending", "connected", "failed", "revoked"];
  function bareGuid(id) {
    return id.replace(/[{}]/g, "").toLowerCase();
  }
  async function fetchSignedServiceStatus(fetchImpl, relayUrl, organizationId, signedServiceId) {
    const url = `${relayUrl}/api/signed-services/${encodeURIComponent(bareGuid(organizationId))}/${encodeURIComponent(bareGuid(signedServiceId))}/status`;
    const response = await fetchImpl(url, { headers: { accept: "application/json" } });
    if (response.status !== 200) return void 0;
    const body = await response.json();
    const { state, reason, en: en4, zh: zh4, updatedAt } = body;
    if (typeof state !== "string" || !STATES.includes(state) || typeof en4 !== "string" || typeof zh4 !== "string" || typeof updatedAt !== "string") return void 0;
    return { state, reason: typeof reason === "string" ? reason : "", en: en4, zh: zh4, updatedAt };
  }

  // src/forms/signedservice/live.ts
  var PAUSES_AFTER_SAVE_MS = [1e3, 2e3, 3e3, 5e3, 8e3, 13e3];
  async function liveReader(xrm, form, fetchImpl) {
    let relayUrl;
    try {
      relayUrl = await readRelayUrl(xrm);
    } catch {
      return void 0;
    }
    if (!relayUrl) return void 0;
    const organizationId = xrm.Utility.getGlobalContext().organizationSettings.organizationId;
    const rowId = form.data.entity.getId();
    const relay = relayUrl;
    return () => fetchSignedServiceStatus(fetchImpl, relay, organizationId, rowId).catch(() => void 0);
  }
  async function waitForNewStatus(read, previousUpdatedAt, sleep) {
    for (const pause of PAUSES_AFTER_SAVE_MS) {
      await sleep(pause);
      const live = await read();
      if (live && live.updatedAt !== previousUpdatedAt) return live;
    }
    return void 0;
  }

  // src/forms/signedservice/secrets.ts
  var C3 = SignedService.columns;
  function originalLabels(form) {
    return { secret: form.getControl(C3.ClientSecret)?.getLabel(), token: form.getControl(C3.BindingToken)?.getLabel() };
  }
  function showSecretsHeld(form, t, labels, connected) {
    const secret = form.getControl(C3.ClientSecret);
    if (secret && labels.secret) secret.setLabel(connected ? t("ss.secretStored", { label: labels.secret }) : labels.secret);
    const token = form.getControl(C3.BindingToken);
    if (token && labels.token) token.setLabel(connected ? t("ss.tokenUsed", { label: labels.token }) : labels.token);
    form.getAttribute(C3.ClientSecret)?.setSubmitMode?.("dirty");
    form.getAttribute(C3.BindingToken)?.setSubmitMode?.("dirty");
  }

  // src/forms/signedservice/status.ts
  var C4 = SignedService.columns;
  var STATUS_NOTIFICATION = "wxm-status";
  var BY_VALUE = {
    [ConnectionStatus.Pending]: "pending",
    [ConnectionStatus.Connected]: "connected",
    [ConnectionStatus.Failed]: "failed",
    [ConnectionStatus.Revoked]: "revoked"
  };
  var LEVEL = { connected: "INFO", pending: "WARNING", failed: "ERROR", revoked: "WARNING" };
  function rowStatus(form, language) {
    const value = form.getAttribute(C4.ConnectionStatus)?.getValue();
    const state = typeof value === "number" ? BY_VALUE[value] : void 0;
    if (!state) return void 0;
    const reason = form.getAttribute(language === "zh" ? C4.StatusReasonZh : C4.StatusReasonEn)?.getValue() ?? "";
    return { state, reason };
  }
  function liveStatus(live, language) {
    return { state: live.state, reason: live[language] };
  }
  function showStatus(form, t, view) {
    if (!view) {
      notify(form, STATUS_NOTIFICATION, "INFO", void 0);
      return;
    }
    const state = t(`ss.state.${view.state}`);
    const text = view.reason ? t("ss.status", { state, reason: view.reason }) : t("ss.statusNoReason", { state });
    notify(form, STATUS_NOTIFICATION, LEVEL[view.state], text);
  }
  function showChecking(form, t) {
    notify(form, STATUS_NOTIFICATION, "INFO", t("ss.checking"));
  }

  // src/forms/signedservice/index.ts
  var current;
  function xrmOrThrow() {
    const xrm = findXrm(window);
    if (!xrm) throw new Error("Wechat Marketing: Xrm is not available to the Signed Service form script");
    return xrm;
  }
  function savedAgreement(form) {
    return form.getAttribute(SignedService.columns.AgreementAccepted)?.getValue() ?? null;
  }
  function render(state, view) {
    if (current !== state) return;
    state.agreement.state = view?.state;
    const connected = view?.state === "connected";
    showStatus(state.form, state.t, view);
    showGuidance(state.form, state.t, !connected);
    showSecretsHeld(state.form, state.t, state.labels, connected);
  }
  async function refresh(state) {
    if (state.form.ui.getFormType() === 1) return;
    state.read ?? (state.read = liveReader(state.xrm, state.form, (input, init) => fetch(input, init)));
    const read = await state.read;
    if (!read) return;
    if (state.awaitingRelay) {
      state.awaitingRelay = false;
      showChecking(state.form, state.t);
      const fresh = await waitForNewStatus(read, state.lastLiveUpdatedAt, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
      const view = fresh ? liveStatus(fresh, state.language) : rowStatus(state.form, state.language);
      if (fresh) state.lastLiveUpdatedAt = fresh.updatedAt;
      render(state, view);
      return;
    }
    const live = await read();
    if (!live) return;
    state.lastLiveUpdatedAt = live.updatedAt;
    render(state, liveStatus(live, state.language));
  }
  function onLoad(context) {
    const xrm = xrmOrThrow();
    const form = context.getFormContext();
    const language = userLanguage(xrm);
    const state = {
      xrm,
      form,
      language,
      t: translator(language),
      labels: originalLabels(form),
      agreement: { saved: savedAgreement(form), state: void 0 },
      read: void 0,
      lastLiveUpdatedAt: void 0,
      awaitingRelay: false
    };
    current = state;
    if (form.ui.getFormType() === 1) prefillEnvironment(form, xrm.Utility.getGlobalContext().getClientUrl());
    render(state, rowStatus(form, language));
    form.data.addOnLoad?.(() => {
      if (current !== state) return;
      state.agreement.saved = savedAgreement(form);
      state.read = void 0;
      render(state, rowStatus(form, language));
      void refresh(state);
    });
    return refresh(state);
  }
  function onSave() {
    if (current) current.awaitingRelay = true;
  }
  function onAgreementChange(context) {
    const state = current;
    if (!state) return Promise.resolve();
    return onAgreementChanged(state.xrm, context.getFormContext(), state.t, state.agreement);
  }
  function onCloudChange(context) {
    const state = current;
    if (!state) return;
    showGuidance(context.getFormContext(), state.t, state.agreement.state !== "connected");
  }
  return __toCommonJS(index_exports);
})();
