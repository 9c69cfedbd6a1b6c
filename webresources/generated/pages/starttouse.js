/* Wechat Marketing web resource, built from webresources/src by `npm run build:webresources`. Do not edit. */
"use strict";
(() => {
  // src/shared/language.ts
  var CHINESE_LCIDS = /* @__PURE__ */ new Set([2052, 1028, 3076, 5124, 4100]);
  function languageFromLcid(lcid) {
    return CHINESE_LCIDS.has(lcid) ? "zh" : "en";
  }
  function languageFromTag(tag) {
    const value = (tag ?? "").trim().toLowerCase();
    if (/^\d+$/.test(value)) return languageFromLcid(Number(value));
    if (value === "zh" || value.startsWith("zh-")) return "zh";
    if (value === "en" || value.startsWith("en-")) return "en";
    return void 0;
  }
  function queryValue(query, name) {
    for (const [key, value] of query) if (key.toLowerCase() === name.toLowerCase()) return value;
    return null;
  }
  function resolveLanguage(input) {
    const override = languageFromTag(queryValue(input.query, "lang"));
    if (override) return override;
    const lcid = input.xrm?.Utility.getGlobalContext().userSettings.languageId;
    if (typeof lcid === "number" && lcid > 0) return languageFromLcid(lcid);
    const passed = languageFromTag(queryValue(input.query, "UserLCID"));
    if (passed) return passed;
    for (const tag of input.browserLanguages) {
      const language = languageFromTag(tag);
      if (language) return language;
    }
    return "en";
  }

  // src/shared/relay.ts
  var ORIGINAL_ID = /^gh_[0-9a-f]{12}$/;
  function checkOriginalId(input) {
    const value = input.trim().toLowerCase();
    if (value === "") return { ok: false, problem: "required" };
    return ORIGINAL_ID.test(value) ? { ok: true, originalId: value } : { ok: false, problem: "invalid" };
  }
  var RELAY_URL_QUERY = "?$filter=schemaname eq 'wxm_RelayUrl'&$select=defaultvalue&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)";
  async function readRelayUrl(xrm) {
    const result = await xrm.WebApi.retrieveMultipleRecords("environmentvariabledefinition", RELAY_URL_QUERY);
    const definition = result.entities[0];
    const values = definition?.["environmentvariabledefinition_environmentvariablevalue"];
    const current = Array.isArray(values) ? values[0]?.value : void 0;
    const chosen = typeof current === "string" && current.trim() ? current : definition?.["defaultvalue"];
    return typeof chosen === "string" && chosen.trim() ? chosen.trim().replace(/\/+$/, "") : void 0;
  }
  function authorizeUrl(relayUrl2, input) {
    const url = new URL("/api/wechat/authorize", `${relayUrl2}/`);
    url.searchParams.set("originalId", input.originalId);
    url.searchParams.set("returnUrl", input.returnUrl);
    if (input.orgUrl) url.searchParams.set("orgUrl", input.orgUrl);
    url.searchParams.set("accountType", input.accountType);
    if (input.mobile) url.searchParams.set("mobile", "1");
    return url.toString();
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

  // src/pages/starttouse/message.ts
  var RESULT_MESSAGE_TYPE = "wxm-authorization";
  var RECEIVED_MESSAGE_TYPE = "wxm-authorization-received";
  var APPID = /^wx[0-9a-f]{16}$/;
  var ORIGINAL_ID2 = /^gh_[0-9a-f]{12}$/;
  var TOKEN = /^wxb_[A-Za-z0-9_-]{8,64}$/;
  function parseResultMessage(event, relayOrigin, org) {
    if (event.origin !== relayOrigin) return void 0;
    const data = event.data;
    if (!data || typeof data !== "object" || data.type !== RESULT_MESSAGE_TYPE) return void 0;
    const { appid, originalId, name, bindingToken, serverAddress, missing } = data;
    if (typeof appid !== "string" || !APPID.test(appid)) return void 0;
    if (typeof originalId !== "string" || !ORIGINAL_ID2.test(originalId)) return void 0;
    if (typeof bindingToken !== "string" || !TOKEN.test(bindingToken)) return void 0;
    if (typeof name !== "string" || typeof serverAddress !== "string" || !serverAddress.startsWith(`${relayOrigin}/`)) return void 0;
    if (!Array.isArray(missing) || !missing.every((id) => Number.isInteger(id) && id > 0)) return void 0;
    if (typeof data.org !== "string" || data.org.toLowerCase() !== org.toLowerCase()) return void 0;
    return { appid, originalId, name, bindingToken, serverAddress, missing, org: data.org };
  }
  function originOf(url) {
    try {
      return new URL(url).origin;
    } catch {
      return void 0;
    }
  }
  function returnUrlOf(href, language) {
    const url = new URL(href);
    url.hash = "";
    url.searchParams.set("lang", language);
    return url.toString();
  }

  // src/shared/clipboard.ts
  async function copyText(doc, text) {
    const clipboard = doc.defaultView?.navigator.clipboard;
    if (clipboard) {
      try {
        await clipboard.writeText(text);
        return true;
      } catch {
      }
    }
    const area = doc.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    doc.body.append(area);
    area.select();
    try {
      return doc.execCommand("copy");
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }

  // src/shared/dom.ts
  function h(doc, tag, attributes = {}, ...children) {
    const element = doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === void 0 || value === false) continue;
      element.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === void 0 || child === false) continue;
      element.append(typeof child === "string" ? doc.createTextNode(child) : child);
    }
    return element;
  }

  // ../functions/src/relay/authorization/permissions.ts
  var NAMES = {
    1: ["Message management", "\u6D88\u606F\u7BA1\u7406"],
    2: ["User management", "\u7528\u6237\u7BA1\u7406"],
    3: ["Account services", "\u5E10\u53F7\u670D\u52A1"],
    4: ["Web services", "\u7F51\u9875\u670D\u52A1"],
    5: ["WeChat store", "\u5FAE\u4FE1\u5C0F\u5E97"],
    6: ["Customer service", "\u591A\u5BA2\u670D"],
    7: ["Mass messages and notifications", "\u7FA4\u53D1\u4E0E\u901A\u77E5"],
    8: ["Cards and coupons", "\u5361\u5238"],
    9: ["Scan", "\u626B\u4E00\u626B"],
    10: ["Wi-Fi", "\u8FDEWIFI"],
    11: ["Media management", "\u7D20\u6750\u7BA1\u7406"],
    12: ["Shake nearby", "\u6447\u5468\u8FB9"],
    13: ["Stores", "\u95E8\u5E97"],
    15: ["Custom menus", "\u81EA\u5B9A\u4E49\u83DC\u5355"],
    16: ["Verification status", "\u83B7\u53D6\u8BA4\u8BC1\u72B6\u6001\u53CA\u4FE1\u606F"],
    22: ["City services", "\u57CE\u5E02\u670D\u52A1"],
    23: ["Advertising", "\u5E7F\u544A\u7BA1\u7406"],
    24: ["Open Platform account management", "\u5F00\u653E\u5E73\u53F0\u5E10\u53F7\u7BA1\u7406"],
    26: ["Electronic invoices", "\u7535\u5B50\u53D1\u7968"]
  };
  function describePermission(id) {
    const [en4, zh4] = NAMES[id] ?? [`Permission set ${id}`, `\u6743\u9650\u96C6 ${id}`];
    return { id, en: en4, zh: zh4 };
  }

  // src/shared/permissions.ts
  function permissionName(id, language) {
    const { en: en4, zh: zh4 } = describePermission(id);
    return language === "zh" ? `${zh4} \xB7 ${en4}` : `${en4} \xB7 ${zh4}`;
  }

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
  var ConnectionStatus = {
    Pending: 47261e4,
    Connected: 472610001,
    Failed: 472610002,
    Revoked: 472610003
  };

  // src/pages/starttouse/connect.ts
  var C = SignedService.columns;
  var CONNECTED_QUERY = `?$select=${C.Id},${C.Name},${C.AppId}&$filter=${C.ConnectionStatus} eq ${ConnectionStatus.Connected}`;
  async function connectedSignedServices(xrm) {
    const { entities } = await xrm.WebApi.retrieveMultipleRecords(SignedService.logicalName, CONNECTED_QUERY);
    return entities.map((row) => ({ id: String(row[C.Id] ?? ""), name: String(row[C.Name] ?? ""), appid: String(row[C.AppId] ?? "") })).filter((s) => s.id);
  }
  async function connectThrough(xrm, service, result) {
    if (!xrm.WebApi.updateRecord) throw new Error("Xrm.WebApi.updateRecord is not available");
    await xrm.WebApi.updateRecord(SignedService.logicalName, service.id, { [C.AppId]: result.appid, [C.BindingToken]: result.bindingToken });
  }
  async function waitForConnection(xrm, service, appid, delays = [1e3, 2e3, 3e3, 5e3, 8e3, 13e3], sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))) {
    if (!xrm.WebApi.retrieveRecord) return { state: "waiting" };
    const select = `?$select=${[C.AppId, C.BindingToken, C.ConnectionStatus, C.StatusReasonEn, C.StatusReasonZh].join(",")}`;
    for (const delay of delays) {
      await sleep(delay);
      const row = await xrm.WebApi.retrieveRecord(SignedService.logicalName, service.id, select);
      const status = row[C.ConnectionStatus];
      if (status === ConnectionStatus.Failed) return { state: "failed", en: String(row[C.StatusReasonEn] ?? ""), zh: String(row[C.StatusReasonZh] ?? "") };
      if (status === ConnectionStatus.Connected && row[C.AppId] === appid && !row[C.BindingToken]) return { state: "connected" };
    }
    return { state: "waiting" };
  }

  // src/pages/starttouse/next-step.ts
  var C2 = SignedService.columns;
  function renderNextStep(box, result, ctx, again) {
    const { doc, t, xrm } = ctx;
    if (!xrm) {
      const href = `/main.aspx?pagetype=entityrecord&etn=${SignedService.logicalName}&extraqs=${encodeURIComponent(`${C2.AppId}=${result.appid}`)}`;
      box.replaceChildren(h(doc, "p", { id: "next" }, t("result.nextOutside")), h(doc, "div", { class: "actions" }, h(doc, "a", { class: "button", id: "create-signed-service", href }, t("result.createSignedService")), " ", again));
      return;
    }
    box.replaceChildren(h(doc, "p", { id: "next", class: "muted" }, t("result.checking")), h(doc, "div", { class: "actions" }, again));
    connectedSignedServices(xrm).then(
      (services) => {
        if (services.length === 1 && services[0]) offerConnect(box, result, services[0], xrm, ctx, again);
        else offerCreate(box, result, xrm, ctx, again, services.length > 1 ? t("result.several", { count: services.length }) : t("result.next"));
      },
      (error) => offerCreate(box, result, xrm, ctx, again, t("result.lookupFailed", { message: error instanceof Error ? error.message : String(error) }))
    );
  }
  function offerCreate(box, result, xrm, ctx, again, text) {
    const { doc, t } = ctx;
    const create = h(doc, "button", { type: "button", id: "create-signed-service" }, t("result.createSignedService"));
    create.addEventListener("click", () => void xrm.Navigation.openForm?.({ entityName: SignedService.logicalName }, { [C2.AppId]: result.appid }));
    box.replaceChildren(h(doc, "p", { id: "next" }, text), h(doc, "div", { class: "actions" }, create, " ", again));
  }
  function offerConnect(box, result, service, xrm, ctx, again) {
    const { doc, t } = ctx;
    const joins = service.appid !== "" && service.appid !== result.appid;
    const button = h(doc, "button", { type: "button", id: "connect" }, t("result.connect"));
    const status = h(doc, "p", { id: "connect-status", role: "status" });
    box.replaceChildren(
      h(doc, "p", { id: "next", "data-signed-service": service.id }, t("result.connectOne", { name: service.name })),
      ...joins ? [h(doc, "p", { class: "muted", id: "connect-joins" }, t("result.connectJoins", { appid: service.appid }))] : [],
      h(doc, "div", { class: "actions" }, button, " ", again),
      status
    );
    button.addEventListener("click", () => {
      void (async () => {
        button.disabled = true;
        try {
          await connectThrough(xrm, service, result);
        } catch (error) {
          button.disabled = false;
          status.className = "error";
          status.textContent = t("result.connectError", { message: error instanceof Error ? error.message : String(error) });
          return;
        }
        status.className = "muted";
        status.textContent = t("result.connecting");
        const outcome = await waitForConnection(xrm, service, result.appid).catch(() => ({ state: "waiting" }));
        status.dataset.state = outcome.state;
        status.className = outcome.state === "connected" ? "ok" : outcome.state === "failed" ? "error" : "muted";
        status.textContent = outcome.state === "connected" ? t("result.connected") : outcome.state === "failed" ? t("result.connectFailed", { reason: ctx.language === "zh" ? outcome.zh : outcome.en }) : t("result.connectWaiting", { name: service.name });
      })();
    });
  }

  // src/pages/starttouse/result-view.ts
  function renderResult(root, result, ctx) {
    const { doc, t } = ctx;
    const row = (field, label, value, copy, note) => {
      const button = copy ? h(doc, "button", { type: "button", class: "secondary", "data-copy-for": field }, t("result.copy")) : null;
      button?.addEventListener("click", () => {
        void copyText(doc, value).then((ok) => {
          button.textContent = ok ? t("result.copied") : t("result.copyFailed");
        });
      });
      const shown = copy ? h(doc, "code", { "data-value": "" }, value) : h(doc, field === "org" ? "strong" : "span", { "data-value": "" }, value);
      return [h(doc, "dt", {}, t(label)), h(doc, "dd", { "data-field": field }, shown, button, note ? h(doc, "span", { class: "note" }, note) : null)];
    };
    const values = h(
      doc,
      "dl",
      {},
      row("org", "result.org", new URL(result.org).host, false, t("result.orgNote")),
      result.name ? row("name", "result.name", result.name, false) : null,
      row("appid", "result.appid", result.appid, true),
      row("originalId", "result.originalId", result.originalId, true),
      row("bindingToken", "result.bindingToken", result.bindingToken, true, t("result.bindingTokenNote")),
      row("serverAddress", "result.serverAddress", result.serverAddress, true)
    );
    const permissions = result.missing.length > 0 ? h(
      doc,
      "div",
      { class: "warn", id: "missing" },
      h(doc, "p", {}, t("result.missingTitle")),
      h(doc, "ul", {}, result.missing.map((id) => h(doc, "li", { "data-permission": String(id) }, `${permissionName(id, ctx.language)} (${id})`))),
      h(doc, "p", {}, t("result.missingFix"))
    ) : h(doc, "p", { class: "ok", id: "all-granted" }, t("result.allGranted"));
    const next = h(doc, "div", { id: "next-step" });
    const again = h(doc, "button", { type: "button", class: "secondary", id: "again" }, t("result.again"));
    again.addEventListener("click", () => ctx.again());
    root.replaceChildren(
      h(doc, "h1", {}, t("result.title")),
      h(doc, "section", { class: "card", id: "result" }, h(doc, "p", { class: "muted" }, t("result.keep")), values, permissions),
      h(doc, "section", { class: "card" }, h(doc, "h2", {}, t("result.nextTitle")), next)
    );
    renderNextStep(next, result, ctx, again);
  }

  // src/pages/starttouse/start-view.ts
  function renderStart(root, ctx) {
    const { doc, t } = ctx;
    const id = (name) => `start-${name}`;
    const radio = (value, text, hint) => h(doc, "label", {}, h(doc, "input", { type: "radio", name: "accountType", value, checked: value === "officialaccount" }), text, hint ? h(doc, "span", { class: "muted" }, `(${hint})`) : null);
    const input = h(doc, "input", { type: "text", id: id("originalid"), name: "originalId", placeholder: "gh_\u2026", autocomplete: "off", spellcheck: "false", "aria-describedby": `${id("where")} ${id("error")}` });
    const where = h(doc, "p", { class: "hint", id: id("where") }, t("start.whereOfficialAccount"));
    const error = h(doc, "p", { class: "error", id: id("error"), role: "alert" });
    const button = h(doc, "button", { type: "submit", id: "authorize", disabled: true }, t("start.authorize"));
    const status = h(doc, "p", { class: "muted", id: id("status") }, t("start.loadingRelay"));
    const fallback = h(doc, "p", { id: id("fallback") });
    const form = h(
      doc,
      "form",
      { class: "card", novalidate: true },
      h(doc, "fieldset", { class: "choices" }, h(doc, "legend", {}, t("start.accountType")), radio("officialaccount", t("start.officialAccount"), t("start.officialAccountHint")), radio("miniprogram", t("start.miniProgram"))),
      h(doc, "label", { class: "field", for: input.id }, t("start.originalId")),
      input,
      where,
      error,
      h(doc, "div", { class: "actions" }, button),
      h(doc, "p", { class: "note" }, t("start.authorizeNote")),
      status,
      fallback
    );
    root.replaceChildren(
      h(doc, "h1", {}, t("start.title")),
      h(doc, "p", {}, t("start.intro")),
      h(doc, "p", {}, t("start.how")),
      h(doc, "p", { class: "muted" }, t("start.steps")),
      form
    );
    const accountType = () => form.querySelector("input[name=accountType]:checked")?.value === "miniprogram" ? "miniprogram" : "officialaccount";
    form.addEventListener("change", () => {
      where.textContent = accountType() === "miniprogram" ? t("start.whereMiniProgram") : t("start.whereOfficialAccount");
    });
    const showProblem = (problem) => {
      error.textContent = problem ?? "";
      if (problem) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    };
    input.addEventListener("input", () => {
      if (!input.hasAttribute("aria-invalid")) return;
      const check = checkOriginalId(input.value);
      showProblem(check.ok ? void 0 : t(check.problem === "required" ? "start.originalIdRequired" : "start.originalIdInvalid"));
    });
    let relay;
    ctx.relayUrl.then(
      (url) => {
        relay = url;
        status.textContent = "";
        button.disabled = false;
      },
      (reason) => {
        status.className = "error";
        status.textContent = reason instanceof Error ? reason.message : String(reason);
      }
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!relay) return;
      const check = checkOriginalId(input.value);
      if (!check.ok) {
        showProblem(t(check.problem === "required" ? "start.originalIdRequired" : "start.originalIdInvalid"));
        input.focus();
        return;
      }
      showProblem(void 0);
      input.value = check.originalId;
      const url = authorizeUrl(relay, { originalId: check.originalId, accountType: accountType(), returnUrl: ctx.returnUrl, orgUrl: ctx.orgUrl, mobile: ctx.mobile });
      fallback.replaceChildren();
      if (ctx.open(url)) {
        fallback.append(t("start.waiting"));
        return;
      }
      fallback.append(t("start.popupBlocked"), " ", h(doc, "a", { href: url, target: "_blank", rel: "opener", referrerpolicy: "no-referrer" }, t("start.openLink")));
    });
  }

  // src/pages/starttouse/main.ts
  function relayUrl(xrm, query, t) {
    if (!xrm) {
      const override = query.get("relay")?.trim().replace(/\/+$/, "");
      return override ? Promise.resolve(override) : Promise.reject(new Error(t("start.outsideDynamics")));
    }
    return readRelayUrl(xrm).then(
      (url) => {
        if (!url) throw new Error(t("start.relayMissing"));
        return url;
      },
      (error) => {
        throw new Error(t("start.relayUnreadable", { message: error instanceof Error ? error.message : String(error) }));
      }
    );
  }
  function start(win) {
    const doc = win.document;
    const root = doc.getElementById("app");
    if (!root) return;
    const query = new URLSearchParams(win.location.search);
    const xrm = findXrm(win);
    const language = resolveLanguage({ query, xrm, browserLanguages: win.navigator.languages ?? [win.navigator.language] });
    const t = translator(language);
    doc.documentElement.lang = language === "zh" ? "zh-CN" : "en";
    doc.title = t("start.title");
    const relay = relayUrl(xrm, query, t);
    const showStart = () => renderStart(root, {
      doc,
      t,
      relayUrl: relay,
      returnUrl: returnUrlOf(win.location.href, language),
      orgUrl: xrm?.Utility.getGlobalContext().getClientUrl(),
      mobile: xrm?.Utility.getGlobalContext().client?.getFormFactor() === 3,
      // No "noopener"/"noreferrer" (noreferrer implies noopener): the result comes back through window.opener.
      // The page's referrer policy (no-referrer) keeps its address from the relay all the same.
      open: (url) => win.open(url, "_blank") !== null
    });
    relay.then(
      (url) => {
        const relayOrigin = originOf(url);
        if (!relayOrigin) return;
        win.addEventListener("message", (event) => {
          const result = parseResultMessage(event, relayOrigin, win.location.origin);
          if (!result) return;
          event.source?.postMessage({ type: RECEIVED_MESSAGE_TYPE }, relayOrigin);
          renderResult(root, result, { doc, t, language, xrm, again: showStart });
        });
      },
      () => void 0
      // the start view shows why there is no relay
    );
    showStart();
  }
  start(window);
})();
