//! The example bodies of Authlete's OpenAPI specifications (v2 and v3), used as test vectors.
//!
//! Every request and response example of every operation the crate models is deserialised into
//! its DTO and serialised back; no field the DTO models may be lost or changed on the way. The
//! examples are those extracted as JSON into `tests/vectors/{v2,v3}/<operationId>/` (see the
//! README there for their origin and licences; `AUTHLETE_VECTORS_DIR` points the tests at another
//! copy). A missing folder is a failure, not a skip.
//!
//! Known quirks of the vendor's examples, each handled where it is met (search for its name):
//! - QUIRK(escaped-quotes): some `responseContent` strings keep backslash-escaped quotes
//!   (`{\"access_token\":…}`), so they are not JSON until unescaped once more.
//! - QUIRK(revocation-token): the revocation request example's `parameters` lacks `token=`.
//! - QUIRK(numeric-404): the v3 404 example (`auth_token_revoke_api`) has a numeric `resultCode`.
//! - QUIRK(logo_uri): an authorization example's `client` uses `logo_uri` instead of `logoUri`.
//! - QUIRK(userinfo-client-id): the userinfo response example sends `clientId` as a string of
//!   digits; Authlete (and every other example) sends a number. The DTOs accept both and write a
//!   number.
//! - QUIRK(device-verification-action): the device verification schema lists
//!   `INTERNAL_SERVER_ERROR` where the prose and the SDKs say `SERVER_ERROR`.
//! - QUIRK(client-list-developer): the v2 `/client/get/list` example answers `developer`, which
//!   the v3 schema lacks; it is ignored.
//! - QUIRK(revoke-example): the 200 example of `/auth/token/revoke` is the answer of
//!   `/auth/token/update`; its schema (`token_revoke_response`) has `resultCode`, `resultMessage`
//!   and `count` only, so the other keys are ignored.
//! - QUIRK(gm-subject): the grant management request example sends `subject`, which its schema
//!   lacks; it is ignored.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use authlete_tower::api::ApiErrorBody;
use authlete_tower::dto::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Where the vectors are.
// ---------------------------------------------------------------------------------------------

const VERSIONS: [&str; 2] = ["v2", "v3"];

/// The folder of the vectors: `tests/vectors`, or `AUTHLETE_VECTORS_DIR`.
pub fn vectors_dir() -> PathBuf {
    let dir = match std::env::var_os("AUTHLETE_VECTORS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors"),
    };
    assert!(
        dir.join("v2").is_dir() && dir.join("v3").is_dir(),
        "the Authlete test vectors are missing: expected {}/v2 and {}/v3. \
         Set AUTHLETE_VECTORS_DIR to their location.",
        dir.display(),
        dir.display(),
    );
    dir
}

/// The JSON of the file at `path`.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// The lossless round trip.
// ---------------------------------------------------------------------------------------------

/// Deserialises `original` into a DTO and back; returns the paths of the keys the DTO does not
/// model (which it ignores), or why the round trip failed.
type Check = fn(&Value) -> Result<Vec<String>, String>;

fn round_trip<T: DeserializeOwned + Serialize>(original: &Value) -> Result<Vec<String>, String> {
    let text = original.to_string();
    let mut ignored = Vec::new();
    let parsed: T =
        serde_ignored::deserialize(&mut serde_json::Deserializer::from_str(&text), |path| {
            ignored.push(normalise_path(&path.to_string()))
        })
        .map_err(|error| {
            // Say where: serde_path_to_error names the field that does not fit.
            match serde_path_to_error::deserialize::<_, T>(&mut serde_json::Deserializer::from_str(
                &text,
            )) {
                Err(located) => format!("does not deserialise at `{}`: {}", located.path(), error),
                Ok(_) => format!("does not deserialise: {error}"),
            }
        })?;
    let again =
        serde_json::to_value(&parsed).map_err(|error| format!("cannot serialise: {error}"))?;
    let ignored_set: BTreeSet<String> = ignored.iter().cloned().collect();
    compare(original, &again, "", &ignored_set)?;
    Ok(ignored)
}

/// serde_ignored writes `client.?.logo_uri` for an `Option<Client>`; keep the JSON path only.
fn normalise_path(path: &str) -> String {
    path.split('.')
        .filter(|segment| *segment != "?")
        .collect::<Vec<_>>()
        .join(".")
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Whether `value` is what a non-optional DTO field serialises when the example lacks it.
fn is_default(value: &Value) -> bool {
    matches!(value, Value::Bool(false)) || value.as_str() == Some("")
}

/// `again` (the re-serialised DTO) must agree with `original` on every key the DTO models.
fn compare(
    original: &Value,
    again: &Value,
    path: &str,
    ignored: &BTreeSet<String>,
) -> Result<(), String> {
    match (original, again) {
        (Value::Object(before), Value::Object(after)) => {
            for (key, value) in before {
                let here = join(path, key);
                match after.get(key) {
                    _ if ignored.contains(&here) => {
                        if after.contains_key(key) {
                            return Err(format!("`{here}` was ignored yet serialised"));
                        }
                    }
                    Some(kept) => compare(value, kept, &here, ignored)?,
                    // An explicit null is the same as an absent field.
                    None if value.is_null() => {}
                    None => return Err(format!("`{here}` is modelled but was lost")),
                }
            }
            for (key, value) in after {
                if !before.contains_key(key) && !is_default(value) {
                    return Err(format!("`{}` appeared with {value}", join(path, key)));
                }
            }
            Ok(())
        }
        (Value::Array(before), Value::Array(after)) => {
            if before.len() != after.len() {
                return Err(format!(
                    "`{path}` had {} items and has {}",
                    before.len(),
                    after.len()
                ));
            }
            before
                .iter()
                .zip(after)
                .enumerate()
                .try_for_each(|(index, (before, after))| {
                    compare(before, after, &join(path, &index.to_string()), ignored)
                })
        }
        _ if original == again => Ok(()),
        // QUIRK(userinfo-client-id): "15518267821" is read as the number it names.
        (Value::String(text), Value::Number(number))
            if path.rsplit('.').next() == Some("clientId") && *text == number.to_string() =>
        {
            Ok(())
        }
        _ => Err(format!("`{path}` was {original} and became {again}")),
    }
}

// ---------------------------------------------------------------------------------------------
// The operations covered.
// ---------------------------------------------------------------------------------------------

/// One modelled operation: its request DTO (when the specs give a request example) and the DTO
/// of its 200 answer. Every error answer (400, 401, 403, 404, 500) is an [`ApiErrorBody`].
struct Covered {
    operation_id: &'static str,
    request: Option<Check>,
    /// `None` for an API that answers `204` without a body.
    ok: Option<Check>,
}

macro_rules! covered {
    ($id:literal, $request:ty => $response:ty) => {
        Covered {
            operation_id: $id,
            request: Some(round_trip::<$request>),
            ok: Some(round_trip::<$response>),
        }
    };
    ($id:literal, no request example => $response:ty) => {
        Covered {
            operation_id: $id,
            request: None,
            ok: Some(round_trip::<$response>),
        }
    };
    ($id:literal, $request:ty => no response example) => {
        Covered {
            operation_id: $id,
            request: Some(round_trip::<$request>),
            ok: None,
        }
    };
    ($id:literal, no request example => no body) => {
        Covered {
            operation_id: $id,
            request: None,
            ok: None,
        }
    };
}

const COVERED: &[Covered] = &[
    covered!("auth_authorization_api", AuthorizationRequest => AuthorizationResponse),
    covered!("auth_authorization_issue_api", AuthorizationIssueRequest => AuthorizationIssueResponse),
    covered!("auth_authorization_fail_api", AuthorizationFailRequest => AuthorizationFailResponse),
    covered!("auth_token_api", TokenRequest => TokenResponse),
    covered!("auth_token_issue_api", TokenIssueRequest => TokenIssueResponse),
    covered!("auth_token_fail_api", TokenFailRequest => TokenFailResponse),
    covered!("auth_introspection_api", IntrospectionRequest => IntrospectionResponse),
    covered!("auth_introspection_standard_api", StandardIntrospectionRequest => StandardIntrospectionResponse),
    covered!("auth_revocation_api", RevocationRequest => RevocationResponse),
    covered!("auth_userinfo_api", UserInfoRequest => UserInfoResponse),
    covered!("auth_userinfo_issue_api", UserInfoIssueRequest => UserInfoIssueResponse),
    // GET: no body; the answer is the discovery document as is (`AuthleteApi` returns a Value).
    covered!("service_configuration_api", no request example => Value),
    // GET: no body; the answer is the JWK Set as is.
    covered!("service_jwks_get_api", no request example => Value),
    covered!("pushed_auth_req_api", PushedAuthorizationRequest => PushedAuthorizationResponse),
    covered!("device_authorization_api", DeviceAuthorizationRequest => DeviceAuthorizationResponse),
    covered!("device_verification_api", DeviceVerificationRequest => DeviceVerificationResponse),
    covered!("device_complete_api", DeviceCompleteRequest => DeviceCompleteResponse),
    covered!("backchannel_authentication_api", BackchannelAuthenticationRequest => BackchannelAuthenticationResponse),
    covered!("backchannel_authentication_issue_api", BackchannelAuthenticationIssueRequest => BackchannelAuthenticationIssueResponse),
    // Neither spec gives a request example for the fail API.
    covered!("backchannel_authentication_fail_api", no request example => BackchannelAuthenticationFailResponse),
    covered!("backchannel_authentication_complete_api", BackchannelAuthenticationCompleteRequest => BackchannelAuthenticationCompleteResponse),
    covered!("client_registration_api", ClientRegistrationRequest => ClientRegistrationResponse),
    covered!("client_registration_get_api", ClientRegistrationRequest => ClientRegistrationResponse),
    covered!("client_registration_update_api", ClientRegistrationRequest => ClientRegistrationResponse),
    covered!("client_registration_delete_api", ClientRegistrationRequest => ClientRegistrationResponse),
    // GET: the client id travels in the path.
    covered!("client_get_api", no request example => Client),
    // The v3 spec answers 201 (and 200 for legacy callers): both are `Client`s.
    covered!("client_create_api", Client => Client),
    covered!("client_delete_api", no request example => no body),
    // GET: the client identifier travels in the path.
    covered!("client_secret_refresh_api", no request example => ClientSecretRefreshResponse),
    covered!("auth_token_create_api", TokenCreateRequest => TokenCreateResponse),
    covered!("auth_token_update_api", TokenUpdateRequest => TokenUpdateResponse),
    // DELETE with the token in the path; the answer is 204 without a body.
    covered!("auth_token_delete_api", no request example => no body),
    covered!("auth_token_revoke_api", TokenRevokeRequest => TokenRevokeResponse),
    // GET: the filters travel in the query.
    covered!("auth_token_get_list_api", no request example => TokenGetListResponse),
    // Client administration: path parameters, the subject of granted scopes and client
    // authorizations in the query.
    covered!("client_get_list_api", no request example => ClientGetListResponse),
    covered!("client_update_api", Client => Client),
    covered!("client_secret_update_api", ClientSecretUpdateRequest => ClientSecretUpdateResponse),
    // Neither spec gives a 200 example for the lock flag or the requestable scopes.
    covered!("client_flag_update_api", ClientFlagUpdateRequest => no response example),
    covered!("client_extension_requestables_scopes_get_api", no request example => no body),
    covered!("client_extension_requestables_scopes_update_api", no request example => no body),
    covered!("client_extension_requestables_scopes_delete_api", no request example => no body),
    covered!("client_granted_scopes_get_api", no request example => GrantedScopesGetResponse),
    covered!("client_granted_scopes_delete_api", no request example => no body),
    covered!("client_authorization_get_list_api", no request example => ClientAuthorizationGetListResponse),
    covered!("client_authorization_update_api", ClientAuthorizationUpdateRequest => ClientAuthorizationUpdateResponse),
    covered!("client_authorization_delete_api", no request example => ClientAuthorizationDeleteResponse),
    // Error examples only.
    covered!("idtoken_reissue_api", no request example => no body),
    // GET below `/api` (no service ID): the version and the features.
    covered!("info_api", no request example => InfoResponse),
    // Grant management: a request example and error examples only.
    covered!("grant_m_api", GmRequest => no response example),
    // Service management (the service owner's credentials).
    covered!("service_get_api", no request example => Service),
    covered!("service_get_list_api", no request example => ServiceListResponse),
    covered!("service_create_api", Service => Service),
    covered!("service_update_api", Service => Service),
    covered!("service_delete_api", no request example => no body),
];

/// Operations only the v3 specification has (error examples only).
const COVERED_V3_ONLY: &[Covered] = &[
    covered!("getAuthorizationTicketInfo", no request example => no body),
    covered!("updateAuthorizationTicket", no request example => no body),
    covered!("auth_token_create_batch_api", no request example => no body),
    covered!("auth_token_create_batch_status_api", no request example => no body),
    // OpenID Connect Native SSO for Mobile Apps 1.0.
    covered!("native_sso_api", NativeSsoRequest => NativeSsoResponse),
    covered!("native_sso_logout_api", NativeSsoLogoutRequest => NativeSsoLogoutResponse),
];

/// Each covered operation with the specifications that have it.
fn covered_by_version() -> impl Iterator<Item = (&'static str, &'static Covered)> {
    VERSIONS
        .into_iter()
        .flat_map(|version| COVERED.iter().map(move |covered| (version, covered)))
        .chain(COVERED_V3_ONLY.iter().map(|covered| ("v3", covered)))
}

/// Keys of the examples that the DTOs deliberately do not model, per operation (any version).
/// Anything else a DTO drops is a failure, so a field missing from the generator is visible.
const NOT_MODELLED: &[(&str, &str)] = &[
    // QUIRK(logo_uri): the example's client spells `logoUri` in snake case; `Client` models
    // `logoUri` (and `logoUris`), so the misspelt key is ignored.
    ("auth_authorization_api", "client.logo_uri"),
    // QUIRK(revoke-example): keys of the update answer in the revoke example.
    ("auth_token_revoke_api", "accessToken"),
    ("auth_token_revoke_api", "accessTokenExpiresAt"),
    ("auth_token_revoke_api", "action"),
    ("auth_token_revoke_api", "scopes"),
    ("auth_token_revoke_api", "tokenType"),
    // QUIRK(client-list-developer): the v2 client list answers its `developer` filter; the v3
    // schema (the generator's source) has no such field.
    ("client_get_list_api", "developer"),
    // The v3 granted scopes example names its Java class in `type`.
    ("client_granted_scopes_get_api", "type"),
    // QUIRK(gm-subject): the grant management request example sends `subject`, which neither
    // the schema (`g_m_request`) nor the Java SDK's `GMRequest` has; Authlete finds the subject
    // through the access token.
    ("grant_m_api", "subject"),
];

fn error_statuses() -> [&'static str; 5] {
    ["400", "401", "403", "404", "500"]
}

fn check_file(failures: &mut Vec<String>, path: &Path, check: Check) -> Vec<String> {
    match check(&read_json(path)) {
        Ok(ignored) => ignored,
        Err(reason) => {
            failures.push(format!("{}: {reason}", path.display()));
            Vec::new()
        }
    }
}

#[test]
fn every_covered_operation_is_in_both_specs() {
    let dir = vectors_dir();
    {
        for (version, covered) in covered_by_version() {
            let folder = dir.join(version).join(covered.operation_id);
            let operation = read_json(&folder.join("operation.json"));
            assert_eq!(
                operation["operationId"],
                covered.operation_id,
                "{}",
                folder.display()
            );
            assert_eq!(
                folder.join("request.json").is_file(),
                covered.request.is_some(),
                "{}: the table's idea of the request example is out of date",
                folder.display()
            );
            assert_eq!(
                folder.join("response-200.json").is_file(),
                covered.ok.is_some(),
                "{}: the table's idea of the 200 example is out of date",
                folder.display()
            );
        }
    }
}

#[test]
fn every_example_of_every_covered_operation_round_trips() {
    let dir = vectors_dir();
    let mut failures = Vec::new();
    let mut ignored_seen = BTreeSet::new();
    let mut files = 0;
    {
        for (version, covered) in covered_by_version() {
            let folder = dir.join(version).join(covered.operation_id);
            let entries = std::fs::read_dir(&folder)
                .unwrap_or_else(|error| panic!("cannot list {}: {error}", folder.display()));
            for entry in entries {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let check: Check = match name.as_str() {
                    "operation.json" => continue,
                    "request.json" => covered.request.expect("checked by the table test"),
                    "response-200.json" | "response-201.json" => {
                        covered.ok.expect("checked by the table test")
                    }
                    other => match other
                        .strip_prefix("response-")
                        .and_then(|rest| rest.strip_suffix(".json"))
                    {
                        Some(status) if error_statuses().contains(&status) => round_trip_error,
                        _ => panic!("{}: no DTO for this file", path.display()),
                    },
                };
                files += 1;
                for key in check_file(&mut failures, &path, check) {
                    let entry = (covered.operation_id, key);
                    if !NOT_MODELLED
                        .iter()
                        .any(|(op, path)| (*op, *path) == (entry.0, entry.1.as_str()))
                    {
                        failures.push(format!(
                            "{}: `{}` is not modelled by the DTO",
                            path.display(),
                            entry.1
                        ));
                    }
                    ignored_seen.insert(entry);
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {files} examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Each allowance is still needed (else remove it).
    for (op, key) in NOT_MODELLED {
        assert!(
            ignored_seen.contains(&(*op, (*key).to_owned())),
            "{op}: `{key}` is no longer ignored; drop it from NOT_MODELLED"
        );
    }
    // 26 operations, two specs, request + 200 + four error answers (minus absent requests);
    // then token create and update (six each), delete (four errors), revoke (six, and the v3
    // 404) and the list (five); client create (six, and the v3 201), delete (four errors) and
    // secret refresh (five).
    assert_eq!(
        files,
        2 * (26 * 6 - 4) + 2 * (6 + 6 + 4 + 6 + 5) + 1 + 2 * (6 + 4) + 1 + 2 * 5
            // Client administration and ID-token reissue (both specs), then the v3-only
            // ticket and batch APIs (four error answers each).
            + 2 * (5 + 6 + 6 + 5 + 4 + 4 + 4 + 5 + 4 + 5 + 6 + 5 + 4)
            + 4 * 4
            // Server metadata (both specs): the 200 and four error answers.
            + 2 * 5
            // Grant management (both specs): the request and four error answers.
            + 2 * 5
            // Native SSO and its logout (v3 only): request, 200 and four error answers each.
            + 2 * 6
            // Service management (both specs): get, list, create (with a request), update (with
            // a request), delete (errors only); and the v3 create's 201.
            + 2 * (5 + 5 + 6 + 6 + 4)
            + 1,
        "number of example files"
    );
}

/// An error answer: `{resultCode, resultMessage}` and nothing else.
fn round_trip_error(original: &Value) -> Result<Vec<String>, String> {
    let body: ApiErrorBody = serde_json::from_value(original.clone())
        .map_err(|error| format!("not an error body: {error}"))?;
    let code = match &original["resultCode"] {
        Value::String(code) => code.clone(),
        // QUIRK(numeric-404): a numeric resultCode is kept as its decimal text.
        Value::Number(code) => code.to_string(),
        other => return Err(format!("resultCode is {other}")),
    };
    if body.result_code.as_deref() != Some(code.as_str()) {
        return Err(format!("resultCode {code} became {:?}", body.result_code));
    }
    if body.result_message.as_deref() != original["resultMessage"].as_str() {
        return Err("resultMessage changed".to_owned());
    }
    Ok(Vec::new())
}

#[test]
fn every_error_example_of_every_operation_is_an_error_body() {
    // Not only the modelled operations: whatever API a caller reaches, its error answers parse.
    let dir = vectors_dir();
    let mut failures = Vec::new();
    let mut seen_numeric = false;
    for version in VERSIONS {
        for operation in std::fs::read_dir(dir.join(version)).unwrap() {
            let operation = operation.unwrap().path();
            if !operation.is_dir() {
                continue; // the licence file
            }
            for file in std::fs::read_dir(operation).unwrap() {
                let path = file.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if error_statuses()
                    .iter()
                    .any(|status| name == format!("response-{status}.json"))
                {
                    let body = read_json(&path);
                    seen_numeric |= body["resultCode"].is_number();
                    if let Err(reason) = round_trip_error(&body) {
                        failures.push(format!("{}: {reason}", path.display()));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // QUIRK(numeric-404): the case is really exercised.
    assert!(
        seen_numeric,
        "no numeric resultCode met; the 404 quirk test is void"
    );
}

// ---------------------------------------------------------------------------------------------
// What the examples say beyond their shape.
// ---------------------------------------------------------------------------------------------

fn example(version: &str, operation_id: &str, file: &str) -> Value {
    read_json(&vectors_dir().join(version).join(operation_id).join(file))
}

#[test]
fn json_response_contents_are_json() {
    // Token, PAR, device, CIBA, registration and standard introspection answers carry the JSON
    // body for the client in `responseContent`.
    let mut checked = 0;
    let mut escaped = 0;
    for version in VERSIONS {
        for covered in COVERED.iter().filter(|covered| covered.ok.is_some()) {
            let answer = example(version, covered.operation_id, "response-200.json");
            let Some(content) = answer["responseContent"].as_str() else {
                continue;
            };
            if !content.starts_with('{') {
                continue;
            }
            let parsed = serde_json::from_str::<Value>(content).or_else(|_| {
                // QUIRK(escaped-quotes): `{\"access_token\":…}` needs one more unescaping.
                escaped += 1;
                serde_json::from_str::<Value>(&content.replace("\\\"", "\""))
            });
            let parsed = parsed.unwrap_or_else(|error| {
                panic!(
                    "{version}/{}: responseContent is not JSON: {error}",
                    covered.operation_id
                )
            });
            assert!(parsed.is_object(), "{version}/{}", covered.operation_id);
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} JSON responseContents met");
    assert!(
        escaped > 0,
        "the escaped-quotes quirk is gone; drop its workaround"
    );
}

#[test]
fn form_parameters_carry_their_required_parameter() {
    let required = [
        ("auth_token_api", "grant_type"),
        ("auth_introspection_standard_api", "token"),
        ("auth_authorization_api", "response_type"),
        ("pushed_auth_req_api", "response_type"),
        ("device_authorization_api", "client_id"),
        ("auth_revocation_api", "token"),
    ];
    for version in VERSIONS {
        for (operation_id, name) in required {
            let request = example(version, operation_id, "request.json");
            let parameters = request["parameters"]
                .as_str()
                .expect("parameters is a string");
            let pairs: Vec<(String, String)> = form_urlencoded::parse(parameters.as_bytes())
                .into_owned()
                .collect();
            let has = pairs.iter().any(|(key, _)| key == name);
            if operation_id == "auth_revocation_api" {
                // QUIRK(revocation-token): the example starts with the bare token value, no
                // `token=`; a revocation handler must not be tested against it as is.
                assert!(
                    !has,
                    "{version}: the revocation example now has token=; drop the quirk"
                );
                assert!(
                    pairs[0].1.is_empty() && pairs[0].0.len() > 20,
                    "{version}: {pairs:?}"
                );
            } else {
                assert!(has, "{version}/{operation_id}: no {name} in {parameters:?}");
            }
        }
    }
}

#[test]
fn device_verification_actions_parse_as_known_values() {
    // QUIRK(device-verification-action): the schema lists INTERNAL_SERVER_ERROR, the prose and the
    // SDKs SERVER_ERROR; both must be known values, not `Other`.
    for text in [
        "SERVER_ERROR",
        "INTERNAL_SERVER_ERROR",
        "VALID",
        "EXPIRED",
        "NOT_EXIST",
    ] {
        let action: DeviceVerificationAction = serde_json::from_value(Value::from(text)).unwrap();
        assert!(
            !matches!(action, DeviceVerificationAction::Other(_)),
            "{text}"
        );
        assert_eq!(action.as_str(), text);
    }
    for version in VERSIONS {
        let answer: DeviceVerificationResponse = serde_json::from_value(example(
            version,
            "device_verification_api",
            "response-200.json",
        ))
        .unwrap();
        assert_eq!(answer.action, Some(DeviceVerificationAction::Valid));
    }
}

#[test]
fn typed_reads_of_the_examples() {
    for version in VERSIONS {
        let answer: IntrospectionResponse = serde_json::from_value(example(
            version,
            "auth_introspection_api",
            "response-200.json",
        ))
        .unwrap();
        assert_eq!(answer.action, Some(IntrospectionAction::Ok));
        // clientId is a number in responses.
        assert_eq!(answer.client_id, Some(26478243745571));
        assert!(answer.usable && answer.sufficient && answer.existent);
        assert!(answer.has_scope("timeline.read"));
        // expiresAt is in milliseconds: 1640416873000 is 2021-12-25, not the year 53952.
        let expires = answer.expires_at().unwrap();
        let seconds = expires
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert_eq!(seconds, 1_640_416_873);

        // QUIRK(userinfo-client-id): the string "15518267821" is read as a number.
        let answer: UserInfoResponse =
            serde_json::from_value(example(version, "auth_userinfo_api", "response-200.json"))
                .unwrap();
        assert_eq!(answer.client_id, Some(15518267821));

        let answer: AuthorizationResponse = serde_json::from_value(example(
            version,
            "auth_authorization_api",
            "response-200.json",
        ))
        .unwrap();
        let client = answer.client.expect("the example has a client");
        assert!(client.client_id.is_some() && client.client_name.is_some());
        // QUIRK(logo_uri): the misspelt key is not mistaken for `logoUri`.
        assert_eq!(client.logo_uri, None);

        let client: Client =
            serde_json::from_value(example(version, "client_get_api", "response-200.json"))
                .unwrap();
        assert!(client.client_id.is_some());

        let jwks = example(version, "service_jwks_get_api", "response-200.json");
        assert!(
            jwks["keys"].is_array(),
            "{version}: the JWK Set example has keys"
        );
        let discovery = example(version, "service_configuration_api", "response-200.json");
        assert!(
            discovery["issuer"].is_string(),
            "{version}: the discovery example has an issuer"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The harness itself: it must see a loss, a change and an ill-typed field.
// ---------------------------------------------------------------------------------------------

#[test]
fn the_round_trip_reports_ignored_keys_with_their_path() {
    let example = serde_json::json!({
        "action": "OK",
        "scopes": [{"name": "a", "surprise": 1}],
        "brandNew": true,
    });
    let mut ignored = round_trip::<DeviceVerificationResponse>(&example).unwrap();
    ignored.sort();
    assert_eq!(ignored, ["brandNew", "scopes.0.surprise"]);
}

#[test]
fn the_round_trip_fails_on_an_ill_typed_field_and_names_it() {
    let example = serde_json::json!({"token": "x", "scopes": "not-an-array"});
    let error = round_trip::<IntrospectionRequest>(&example).unwrap_err();
    assert!(error.contains("`scopes`"), "{error}");
}

#[test]
fn the_comparison_sees_a_lost_or_changed_value() {
    let none = BTreeSet::new();
    let before = serde_json::json!({"a": 1, "b": {"c": [1, 2]}});
    assert!(compare(&before, &before, "", &none).is_ok());
    let lost = serde_json::json!({"b": {"c": [1, 2]}});
    assert!(
        compare(&before, &lost, "", &none)
            .unwrap_err()
            .contains("`a`")
    );
    let changed = serde_json::json!({"a": 1, "b": {"c": [1, 3]}});
    assert!(
        compare(&before, &changed, "", &none)
            .unwrap_err()
            .contains("`b.c.1`")
    );
    let shorter = serde_json::json!({"a": 1, "b": {"c": [1]}});
    assert!(compare(&before, &shorter, "", &none).is_err());
    let added = serde_json::json!({"a": 1, "b": {"c": [1, 2]}, "d": "x"});
    assert!(
        compare(&before, &added, "", &none)
            .unwrap_err()
            .contains("`d`")
    );
    // A defaulted bool that the example lacks, and an explicit null that is dropped, are fine.
    let with_null = serde_json::json!({"a": 1, "n": null});
    let defaulted = serde_json::json!({"a": 1, "usable": false});
    assert!(compare(&with_null, &defaulted, "", &none).is_ok());
}

#[test]
fn token_operation_examples_read_typed() {
    for version in VERSIONS {
        let created: TokenCreateResponse = serde_json::from_value(example(
            version,
            "auth_token_create_api",
            "response-200.json",
        ))
        .unwrap();
        assert_eq!(created.action, Some(TokenCreateAction::Ok), "{version}");
        assert_eq!(created.client_id, Some(26888344961664));
        assert_eq!(created.expires_in, Some(3600));
        assert_eq!(created.grant_type.as_deref(), Some("AUTHORIZATION_CODE"));

        let request: TokenCreateRequest =
            serde_json::from_value(example(version, "auth_token_create_api", "request.json"))
                .unwrap();
        assert_eq!(request.grant_type, Some(GrantType::AuthorizationCode));
        assert_eq!(request.subject.as_deref(), Some("john"));

        let updated: TokenUpdateResponse = serde_json::from_value(example(
            version,
            "auth_token_update_api",
            "response-200.json",
        ))
        .unwrap();
        assert_eq!(updated.action, Some(TokenUpdateAction::Ok));
        assert_eq!(updated.scopes, Some(vec!["history.read".to_owned()]));

        let list: TokenGetListResponse = serde_json::from_value(example(
            version,
            "auth_token_get_list_api",
            "response-200.json",
        ))
        .unwrap();
        assert_eq!(list.total_count, Some(3));
        let tokens = list.access_tokens.unwrap();
        assert_eq!(tokens.len(), 3);
        assert_eq!(tokens[1].grant_type, Some(GrantType::AuthorizationCode));
        assert_eq!(list.client.unwrap().client_id, Some(26888344961664));
    }
}

#[test]
fn client_administration_examples_read_typed() {
    for version in VERSIONS {
        let list: ClientGetListResponse =
            serde_json::from_value(example(version, "client_get_list_api", "response-200.json"))
                .unwrap();
        let clients = list.clients.unwrap();
        assert!(!clients.is_empty(), "{version}");
        assert_eq!(clients[0].client_id, Some(26478243745571));

        let granted: GrantedScopesGetResponse = serde_json::from_value(example(
            version,
            "client_granted_scopes_get_api",
            "response-200.json",
        ))
        .unwrap();
        assert_eq!(granted.subject.as_deref(), Some("john"));
        assert_eq!(
            granted.merged_granted_scopes,
            Some(vec!["history.read".to_owned(), "timeline.read".to_owned()])
        );

        let lock: ClientFlagUpdateRequest =
            serde_json::from_value(example(version, "client_flag_update_api", "request.json"))
                .unwrap();
        assert_eq!(lock, ClientFlagUpdateRequest::new(true));

        let secret: ClientSecretUpdateRequest =
            serde_json::from_value(example(version, "client_secret_update_api", "request.json"))
                .unwrap();
        assert_eq!(secret.client_secret, "my_updated_client_secret");
        let updated: ClientSecretUpdateResponse = serde_json::from_value(example(
            version,
            "client_secret_update_api",
            "response-200.json",
        ))
        .unwrap();
        assert!(
            !format!("{updated:?}").contains(updated.new_client_secret.as_deref().unwrap()),
            "Debug redacts the secret"
        );

        let authorization: ClientAuthorizationUpdateRequest = serde_json::from_value(example(
            version,
            "client_authorization_update_api",
            "request.json",
        ))
        .unwrap();
        assert_eq!(
            authorization,
            ClientAuthorizationUpdateRequest::new("john", ["history.read"])
        );

        let authorized: ClientAuthorizationGetListResponse = serde_json::from_value(example(
            version,
            "client_authorization_get_list_api",
            "response-200.json",
        ))
        .unwrap();
        assert_eq!(authorized.subject.as_deref(), Some("john"));
        assert_eq!(authorized.total_count, Some(1));
    }
}
