#!/usr/bin/env python3
"""Generates src/dto/*.rs from Authlete's v3 OpenAPI specification.

Run from the repository root: python3 tools/gen_dto.py ../shared/authlete-api/v3-openapi.yaml
The output is committed; regenerate when the specification moves, then review the diff.
"""
import re, subprocess, sys, yaml

spec = yaml.safe_load(open(sys.argv[1]))
S = spec["components"]["schemas"]

SHARED_ENUMS = {
    "client_type": "ClientType", "application_type": "ApplicationType", "grant_type": "GrantType",
    "response_type": "ResponseType", "client_auth_method": "ClientAuthMethod",
    "subject_type": "SubjectType", "jws_alg": "JwsAlg", "prompt": "Prompt", "display": "Display",
    "delivery_mode": "DeliveryMode", "token_type": "TokenType",
    "grant_management_action": "GrantManagementAction",
}
OBJECTS = {"property": "Property", "pair": "Pair", "scope": "Scope", "tagged_value": "TaggedValue",
           "client": "Client",
           # The v3 authorization response's `client` is a subset of `client` (same names and
           # types); the v2 spec and the Java SDK use the full client there. One type for both,
           # so no field of a v2 answer is lost; `AuthorizationClient` stays as an alias.
           "client_limited_authorization": "Client",
           # `client_limited` (the token list's `client`) is a subset of `client` too.
           "client_limited": "Client", "access_token": "AccessToken",
           # The subject and actor tokens of a token exchange (RFC 8693) as Authlete parsed them.
           "token_info": "TokenInfo",
           "authorization_ticket_info": "AuthorizationTicketInfo", "token_batch_status": "TokenBatchStatus",
           # Grant Management for OAuth 2.0: a grant as `/gm` QUERY and the responses describe it.
           "grant": "Grant", "grant_scope": "GrantScope"}
# (schema, field) -> enum name for inline enums
INLINE = {
    ("authorization_response", "action"): "AuthorizationAction",
    ("authorization_fail_request", "reason"): "AuthorizationFailReason",
    ("authorization_fail_response", "action"): "AuthorizationIssueAction",
    ("authorization_issue_response", "action"): "AuthorizationIssueAction",
    ("token_response", "action"): "TokenAction",
    ("token_fail_request", "reason"): "TokenFailReason",
    ("token_fail_response", "action"): "TokenFailAction",
    ("token_issue_response", "action"): "TokenIssueAction",
    ("introspection_response", "action"): "IntrospectionAction",
    ("standard_introspection_response", "action"): "StandardIntrospectionAction",
    ("revocation_response", "action"): "RevocationAction",
    ("userinfo_response", "action"): "UserInfoAction",
    ("userinfo_issue_response", "action"): "UserInfoIssueAction",
    ("pushed_authorization_response", "action"): "PushedAuthorizationAction",
    ("pushed_authorization_response", "clientAuthMethod"): "ClientAuthMethod",
    ("device_authorization_response", "action"): "DeviceAuthorizationAction",
    ("device_verification_response", "action"): "DeviceVerificationAction",
    ("device_complete_request", "result"): "DeviceCompleteResult",
    ("device_complete_response", "action"): "DeviceCompleteAction",
    ("backchannel_authentication_response", "action"): "BackchannelAuthenticationAction",
    ("backchannel_authentication_issue_response", "action"): "BackchannelAuthenticationIssueAction",
    ("backchannel_authentication_fail_request", "reason"): "BackchannelAuthenticationFailReason",
    ("backchannel_authentication_fail_response", "action"): "BackchannelAuthenticationFailAction",
    ("backchannel_authentication_complete_request", "result"): "BackchannelAuthenticationCompleteResult",
    ("backchannel_authentication_complete_response", "action"): "BackchannelAuthenticationCompleteAction",
    ("client_registration_response", "action"): "ClientRegistrationAction",
    ("token_create_response", "action"): "TokenCreateAction",
    ("token_update_response", "action"): "TokenUpdateAction",
    ("authorization_ticket_info_response", "action"): "AuthorizationTicketAction",
    ("authorization_ticket_update_response", "action"): "AuthorizationTicketAction",
    ("idtoken_reissue_response", "action"): "IdTokenReissueAction",
    ("token_batch_status", "batchKind"): "TokenBatchKind",
    ("token_batch_status", "result"): "TokenBatchResult",
    ("g_m_response", "action"): "GmAction",
    ("native_sso_response", "action"): "NativeSsoAction",
    ("native_sso_logout_response", "action"): "NativeSsoLogoutAction",
}
# Extra enum values the specification's list misses but the documentation and SDKs use.
EXTRA_VALUES = {"DeviceVerificationAction": ["SERVER_ERROR"]}

FILES = {
    "authorization": [("authorization_request", "AuthorizationRequest"), ("authorization_response", "AuthorizationResponse"),
                      ("authorization_issue_request", "AuthorizationIssueRequest"), ("authorization_issue_response", "AuthorizationIssueResponse"),
                      ("authorization_fail_request", "AuthorizationFailRequest"), ("authorization_fail_response", "AuthorizationFailResponse")],
    "token": [("token_request", "TokenRequest"), ("token_response", "TokenResponse"),
              ("token_issue_request", "TokenIssueRequest"), ("token_issue_response", "TokenIssueResponse"),
              ("token_fail_request", "TokenFailRequest"), ("token_fail_response", "TokenFailResponse"),
              ("token_info", "TokenInfo")],
    "introspection": [("introspection_request", "IntrospectionRequest"), ("introspection_response", "IntrospectionResponse"),
                      ("standard_introspection_request", "StandardIntrospectionRequest"), ("standard_introspection_response", "StandardIntrospectionResponse")],
    "revocation": [("revocation_request", "RevocationRequest"), ("revocation_response", "RevocationResponse")],
    "userinfo": [("userinfo_request", "UserInfoRequest"), ("userinfo_response", "UserInfoResponse"),
                 ("userinfo_issue_request", "UserInfoIssueRequest"), ("userinfo_issue_response", "UserInfoIssueResponse")],
    "pushed_authorization": [("pushed_authorization_request", "PushedAuthorizationRequest"), ("pushed_authorization_response", "PushedAuthorizationResponse")],
    "device": [("device_authorization_request", "DeviceAuthorizationRequest"), ("device_authorization_response", "DeviceAuthorizationResponse"),
               ("device_verification_request", "DeviceVerificationRequest"), ("device_verification_response", "DeviceVerificationResponse"),
               ("device_complete_request", "DeviceCompleteRequest"), ("device_complete_response", "DeviceCompleteResponse")],
    "backchannel": [("backchannel_authentication_request", "BackchannelAuthenticationRequest"), ("backchannel_authentication_response", "BackchannelAuthenticationResponse"),
                    ("backchannel_authentication_issue_request", "BackchannelAuthenticationIssueRequest"), ("backchannel_authentication_issue_response", "BackchannelAuthenticationIssueResponse"),
                    ("backchannel_authentication_fail_request", "BackchannelAuthenticationFailRequest"), ("backchannel_authentication_fail_response", "BackchannelAuthenticationFailResponse"),
                    ("backchannel_authentication_complete_request", "BackchannelAuthenticationCompleteRequest"), ("backchannel_authentication_complete_response", "BackchannelAuthenticationCompleteResponse")],
    "client_registration": [("client_registration_request", "ClientRegistrationRequest"), ("client_registration_response", "ClientRegistrationResponse")],
    "client": [("client", "Client")],
    "token_operations": [("token_create_request", "TokenCreateRequest"), ("token_create_response", "TokenCreateResponse"),
                         ("token_update_request", "TokenUpdateRequest"), ("token_update_response", "TokenUpdateResponse"),
                         ("token_revoke_request", "TokenRevokeRequest"), ("token_revoke_response", "TokenRevokeResponse"),
                         ("token_get_list_response", "TokenGetListResponse"), ("access_token", "AccessToken"),
                         ("token_create_batch_response", "TokenCreateBatchResponse"),
                         ("token_create_batch_status_response", "TokenCreateBatchStatusResponse"), ("token_batch_status", "TokenBatchStatus")],
    "client_management": [("client_secret_refresh_response", "ClientSecretRefreshResponse"),
                          ("client_get_list_response", "ClientGetListResponse"),
                          ("client_secret_update_request", "ClientSecretUpdateRequest"), ("client_secret_update_response", "ClientSecretUpdateResponse"),
                          ("client_flag_update_request", "ClientFlagUpdateRequest"), ("client_flag_update_response", "ClientFlagUpdateResponse"),
                          ("client_extension_requestable_scopes_get_response", "ClientExtensionRequestableScopesGetResponse"),
                          ("client_extension_requestable_scopes_update_request", "ClientExtensionRequestableScopesUpdateRequest"),
                          ("client_extension_requestable_scopes_update_response", "ClientExtensionRequestableScopesUpdateResponse"),
                          # The specification answers both the granted scopes and the authorization
                          # delete APIs with `client_authorization_delete_response`.
                          ("client_authorization_delete_response", "GrantedScopesGetResponse"),
                          ("client_granted_scopes_delete_response", "ClientGrantedScopesDeleteResponse"),
                          ("client_authorization_get_list_request", "ClientAuthorizationGetListRequest"),
                          ("client_authorization_get_list_response", "ClientAuthorizationGetListResponse"),
                          ("client_authorization_update_request", "ClientAuthorizationUpdateRequest"),
                          ("client_authorization_update_response", "ClientAuthorizationUpdateResponse"),
                          ("client_authorization_delete_response", "ClientAuthorizationDeleteResponse")],
    "authorization_ticket": [("authorization_ticket_info_request", "AuthorizationTicketInfoRequest"), ("authorization_ticket_info_response", "AuthorizationTicketInfoResponse"),
                             ("authorization_ticket_update_request", "AuthorizationTicketUpdateRequest"), ("authorization_ticket_update_response", "AuthorizationTicketUpdateResponse"),
                             ("authorization_ticket_info", "AuthorizationTicketInfo")],
    "id_token": [("idtoken_reissue_request", "IdTokenReissueRequest"), ("idtoken_reissue_response", "IdTokenReissueResponse")],
    "info": [("info_response", "InfoResponse")],
    "grant_management": [("g_m_request", "GmRequest"), ("g_m_response", "GmResponse"),
                         ("grant", "Grant"), ("grant_scope", "GrantScope")],
    "native_sso": [("native_sso_request", "NativeSsoRequest"), ("native_sso_response", "NativeSsoResponse"),
                   ("native_sso_logout_request", "NativeSsoLogoutRequest"), ("native_sso_logout_response", "NativeSsoLogoutResponse")],
    "common": [("property", "Property"), ("pair", "Pair"), ("scope", "Scope"), ("tagged_value", "TaggedValue")],
}
FILE_DOCS = {
    "authorization": "The authorization endpoint family: `/auth/authorization`, `/auth/authorization/issue` and `/auth/authorization/fail`.",
    "token": "The token endpoint family: `/auth/token`, `/auth/token/issue` and `/auth/token/fail`.",
    "introspection": "Token introspection: `/auth/introspection` (for resource servers) and `/auth/introspection/standard` (RFC 7662).",
    "revocation": "Token revocation (RFC 7009): `/auth/revocation`.",
    "userinfo": "The UserInfo endpoint family: `/auth/userinfo` and `/auth/userinfo/issue`.",
    "pushed_authorization": "Pushed authorization requests (RFC 9126): `/pushed_auth_req`.",
    "device": "The device authorization grant (RFC 8628): `/device/authorization`, `/device/verification` and `/device/complete`.",
    "backchannel": "Client-initiated backchannel authentication (CIBA): `/backchannel/authentication` and its `/issue`, `/fail` and `/complete`.",
    "client_registration": "Dynamic client registration (RFC 7591 / RFC 7592): `/client/registration` and its `/get`, `/update` and `/delete`.",
    "client": "Client metadata as Authlete returns it (`/client/get/{clientId}`, the authorization response's `client`).",
    "token_operations": "Token management: `/auth/token/create`, `/auth/token/update`, `/auth/token/delete/{accessTokenIdentifier}`, `/auth/token/revoke`, `/auth/token/get/list`, `/auth/token/create/batch` and its `/status/{tokenBatchRequestId}`.",
    "client_management": "Client management: the secret (`/client/secret/refresh`, `/client/secret/update`), the list (`/client/get/list`), the lock flag, requestable scopes, granted scopes and client authorizations.",
    "authorization_ticket": "Authorization tickets: `/auth/authorization/ticket/info` and `/auth/authorization/ticket/update`.",
    "id_token": "ID-token reissue: `/idtoken/reissue`.",
    "info": "Server metadata: `/api/info` (no service ID on either version).",
    "grant_management": "Grant Management for OAuth 2.0 (FAPI): `/gm`, and the grant it queries.",
    "native_sso": "OpenID Connect Native SSO for Mobile Apps 1.0: `/nativesso` and `/nativesso/logout`.",
    "common": "Small types shared by several APIs: properties, attribute pairs, scopes and language-tagged values.",
}

# Fields whose values are credentials or carry them: never printed by Debug.
SENSITIVE = {"token", "accessToken", "refreshToken", "idToken", "clientSecret", "password", "ticket",
             "authorizationCode", "deviceCode", "jwtAccessToken", "subjectToken", "actorToken",
             "assertion", "parameters", "responseContent", "dpop", "clientCertificate",
             "clientCertificatePath", "sharedKeyForSign", "sharedKeyForEncryption", "json",
             "registrationAccessTokenHash", "deviceSecret", "deviceSecretHash", "userCode",
             "clientNotificationToken", "oauthClientAttestation", "oauthClientAttestationPop",
             "requestUri", "authReqId", "accessTokenHash", "refreshTokenHash", "accessTokenIdentifier", "refreshTokenIdentifier", "newClientSecret", "oldClientSecret", "jwks", "message", "requestObjectPayload"}

def props(s):
    s = S[s] if isinstance(s, str) else s
    out = {}
    for x in s.get("allOf", []):
        out.update(props(x["$ref"].split("/")[-1] if "$ref" in x else x))
    out.update(s.get("properties", {}))
    return out

def doc(text, fallback):
    text = (text or "").strip()
    if not text:
        return [fallback]
    para = text.split("\n\n")[0].replace("\n", " ").strip()
    para = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", para)
    para = re.sub(r"<[^>]+>", "", para)
    para = para.replace("[", "\\[").replace("]", "\\]")
    para = re.sub(r"(?<![<`])(https?://[^\s,)`]+)", r"<\1>", para)
    # keep to one or two sentences
    m = re.match(r"(.+?[.!?])(\s|$)", para)
    if m and len(m.group(1)) > 40:
        para = m.group(1)
    words, lines, cur = para.split(), [], ""
    for w in words:
        if len(cur) + len(w) + 1 > 92:
            lines.append(cur); cur = w
        else:
            cur = (cur + " " + w).strip()
    if cur:
        lines.append(cur)
    return lines or [fallback]

enums = {}  # name -> values

# (schema, field) -> schema, where the specification's type is not what Authlete takes: the
# ticket update's `info` is an `authorization_ticket_info` object in the Java SDK (its
# `AuthorizationTicketUpdateRequest`), which Authlete's server deserialises; the spec says string.
FIELD_REFS = {("authorization_ticket_update_request", "info"): "authorization_ticket_info"}

def rust_type(schema_name, field, p, response):
    if (schema_name, field) in FIELD_REFS:
        p = {"$ref": "#/components/schemas/" + FIELD_REFS[(schema_name, field)]}
    if "$ref" in p:
        r = p["$ref"].split("/")[-1]
        if r in SHARED_ENUMS:
            enums.setdefault(SHARED_ENUMS[r], S[r]["enum"]); return SHARED_ENUMS[r]
        if r in OBJECTS: return OBJECTS[r]
        return "serde_json::Value"
    t = p.get("type")
    if (schema_name, field) in INLINE:
        n = INLINE[(schema_name, field)]
        enums.setdefault(n, p.get("enum", []))
        return n
    if t == "array":
        return "Vec<%s>" % rust_type(schema_name, None, p.get("items", {}), response)
    if t == "string": return "String"
    if t == "integer" or t == "number": return "i64"
    if t == "boolean": return "bool"
    return "serde_json::Value"

def snake(n):
    s = re.sub(r"([A-Z])", r"_\1", n).lower()
    return {"type": "r#type", "ref": "r#ref"}.get(s, s)

# Request field types bound leniently (`crate::dto::lenient`): type -> (helper, Rust type).
LENIENT = {"String": ("option_string", "Option<String>"),
           "Vec<String>": ("option_strings", "Option<Vec<String>>")}

def gen_struct(schema, name):
    response = schema.endswith("_response")
    request = schema.endswith("_request")
    required = set(S[schema].get("required") or [])
    out = []
    d = S[schema].get("description")
    for l in doc(d, "`%s` of Authlete's API." % schema):
        out.append("/// " + l)
    out.append("#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]")
    out.append("#[serde(rename_all = \"camelCase\")]")
    out.append("#[non_exhaustive]")
    out.append("pub struct %s {" % name)
    dbg = []
    for field, p in props(schema).items():
        ty = rust_type(schema, field, p, response)
        desc = p.get("description") or (S[p["$ref"].split("/")[-1]].get("description") if "$ref" in p else None)
        lines = doc(desc, "`%s`." % field)
        fmt = p.get("format")
        lower = field.lower()
        if ty == "i64" and (field.endswith("At") or field in ("authTime",)):
            lines.append("")
            lines.append("Milliseconds since the Unix epoch.")
        elif ty == "i64" and ("duration" in lower or field in ("expiresIn", "interval", "maxAge", "requestedExpiry", "defaultMaxAge")):
            lines.append("")
            lines.append("Seconds.")
        for l in lines:
            out.append("    /// " + l if l else "    ///")
        dbg.append((snake(field), field in SENSITIVE))
        rename = ""
        if snake(field).replace("r#", "") != re.sub(r"([A-Z])", r"_\1", field).lower() or not re.fullmatch(r"[a-z][A-Za-z0-9]*", field):
            rename = ', rename = "%s"' % field
        if field == "clientId" and ty == "i64":
            # A number in responses; one vendor example (userinfo) sends it as a numeric string.
            out.append('    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::dto::number_or_numeric_string"%s)]' % rename)
            out.append("    pub %s: Option<i64>," % snake(field))
        elif request and ty in LENIENT:
            # Authlete (Jackson) takes a JSON number or boolean as the text of a string field.
            helper, rust = LENIENT[ty]
            if ty == "String" and field in required:
                helper, rust = "string", "String"
            skip = "" if rust == "String" else ', skip_serializing_if = "Option::is_none"'
            out.append('    #[serde(default%s, deserialize_with = "crate::dto::lenient::%s"%s)]' % (skip, helper, rename))
            out.append("    pub %s: %s," % (snake(field), rust))
        elif field in required and ty == "String":
            out.append('    #[serde(default, deserialize_with = "crate::dto::null_as_default"%s)]' % rename)
            out.append("    pub %s: String," % snake(field))
        elif response and ty == "bool":
            out.append('    #[serde(default, deserialize_with = "crate::dto::null_as_default"%s)]' % rename)
            out.append("    pub %s: bool," % snake(field))
        else:
            out.append('    #[serde(default, skip_serializing_if = "Option::is_none"%s)]' % rename)
            out.append("    pub %s: Option<%s>," % (snake(field), ty))
    out.append("}")
    out.append("")
    out.append("impl std::fmt::Debug for %s {" % name)
    out.append("    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {")
    out.append('        f.debug_struct("%s")' % name)
    for fld, secret in dbg:
        if secret:
            out.append('            .field("%s", &crate::dto::Redacted(&self.%s))' % (fld.replace("r#", ""), fld))
        else:
            out.append('            .field("%s", &self.%s)' % (fld.replace("r#", ""), fld))
    out.append("            .finish()")
    out.append("    }")
    out.append("}")
    return "\n".join(out)

HEADER = "//! %s\n//!\n//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not\n//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit\n//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.\n\nuse serde::{Deserialize, Serialize};\n\n#[allow(unused_imports)]\nuse super::*;\n\n"

ALIASES = {
    "client": [
        "/// The `client` of an authorization response. Authlete's v3 specification describes a subset of",
        "/// [`Client`] there (`client_limited_authorization`), its v2 specification the full client; one",
        "/// type reads both.",
        "pub type AuthorizationClient = Client;",
    ],
}

written = []
for fname, items in FILES.items():
    body = [gen_struct(s, n) for s, n in items]
    if fname in ALIASES:
        body.append("\n".join(ALIASES[fname]))
    written.append("src/dto/%s.rs" % fname)
    open(written[-1], "w").write(HEADER % FILE_DOCS[fname] + "\n\n".join(body) + "\n")

# enums
out = ["//! Authlete's enumerations. Each keeps values it does not know as `Other(String)`, so that a",
       "//! value Authlete adds later never breaks parsing.", "",
       "use crate::dto::string_enum::string_enum;", ""]
for n, vals in sorted(enums.items()):
    vals = list(vals) + [v for v in EXTRA_VALUES.get(n, []) if v not in vals]
    out.append("string_enum! {")
    out.append("    /// The `%s` values Authlete defines." % n)
    out.append("    %s {" % n)
    for v in vals:
        variant = "".join(w.capitalize() for w in v.lower().split("_")) if v.upper() == v else v
        if variant == "Eddsa" or v == "EdDSA": variant = "EdDsa"
        out.append('        %s => "%s",' % (variant, v))
    out.append("    }")
    out.append("}")
    out.append("")
open("src/dto/enums.rs", "w").write("\n".join(out))
written.append("src/dto/enums.rs")
# Leave the files as `cargo fmt` would, so regenerating never produces a formatting-only diff.
subprocess.run(["rustfmt", "--edition", "2024", *written], check=True)
print("enums:", ", ".join(sorted(enums)))
