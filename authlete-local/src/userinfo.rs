//! `/auth/userinfo` and `/auth/userinfo/issue` (OIDC Core §5.3): which claims to collect follows
//! the granted scopes (§5.4) and the `userinfo` part of the `claims` request parameter (§5.5).

use serde_json::{Map, Value};

use super::engine::Engine;
use super::introspection::Lookup;
use super::params::bearer_challenge;
use super::result_codes::{self as rc, ResultCode};
use super::sender::ResourceProof;
use super::store::AccessEntry;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::*;

/// The standard claims each scope asks for (OIDC Core §5.4).
pub(crate) fn scope_claims(scopes: &[String]) -> Vec<&'static str> {
    let mut claims = Vec::new();
    for scope in scopes {
        claims.extend_from_slice(match scope.as_str() {
            "profile" => &[
                "name",
                "family_name",
                "given_name",
                "middle_name",
                "nickname",
                "preferred_username",
                "profile",
                "picture",
                "website",
                "gender",
                "birthdate",
                "zoneinfo",
                "locale",
                "updated_at",
            ][..],
            "email" => &["email", "email_verified"][..],
            "address" => &["address"][..],
            "phone" => &["phone_number", "phone_number_verified"][..],
            _ => &[][..],
        });
    }
    claims
}

/// The claim names to collect for an access token.
fn wanted_claims(entry: &AccessEntry) -> Vec<String> {
    let mut claims: Vec<String> = scope_claims(&entry.grant.scopes)
        .into_iter()
        .map(str::to_owned)
        .collect();
    if let Some(Value::Object(part)) = &entry.grant.userinfo_claims {
        for name in part.keys() {
            if !claims.contains(name) {
                claims.push(name.clone());
            }
        }
    }
    claims
}

enum Checked {
    Denied(UserInfoAction, String, ResultCode),
    Valid(Box<AccessEntry>),
}

impl Engine {
    fn check_userinfo_token(&self, token: &str) -> Checked {
        let state = self.lock();
        match self.lookup_access(&state, token) {
            Lookup::Missing => Checked::Denied(
                UserInfoAction::BadRequest,
                bearer_challenge("invalid_request", rc::INTROSPECTION_NO_TOKEN, None),
                rc::INTROSPECTION_NO_TOKEN,
            ),
            Lookup::Unknown => Checked::Denied(
                UserInfoAction::Unauthorized,
                bearer_challenge("invalid_token", rc::INTROSPECTION_UNKNOWN, None),
                rc::INTROSPECTION_UNKNOWN,
            ),
            Lookup::Expired(..) => Checked::Denied(
                UserInfoAction::Unauthorized,
                bearer_challenge("invalid_token", rc::INTROSPECTION_EXPIRED, None),
                rc::INTROSPECTION_EXPIRED,
            ),
            Lookup::Live(_, entry) => {
                if entry.grant.scopes.iter().any(|scope| scope == "openid")
                    && entry.grant.subject.is_some()
                {
                    Checked::Valid(entry)
                } else {
                    Checked::Denied(
                        UserInfoAction::Forbidden,
                        bearer_challenge(
                            "insufficient_scope",
                            rc::USERINFO_NO_OPENID,
                            Some("openid"),
                        ),
                        rc::USERINFO_NO_OPENID,
                    )
                }
            }
        }
    }

    /// `/auth/userinfo`.
    pub(crate) fn userinfo(&self, request: UserInfoRequest) -> Result<UserInfoResponse, ApiError> {
        let entry = match self.check_userinfo_token(&request.token) {
            Checked::Denied(action, challenge, code) => {
                let (result_code, result_message) = code.pair();
                return Ok({
                    let mut value = UserInfoResponse::default();
                    value.result_code = result_code;
                    value.result_message = result_message;
                    value.action = Some(action);
                    value.response_content = Some(challenge);
                    value
                });
            }
            Checked::Valid(entry) => entry,
        };
        let proof = ResourceProof {
            dpop: request.dpop.as_deref(),
            htm: request.htm.as_deref().or(Some("GET")),
            htu: request
                .htu
                .as_deref()
                .or(Some(self.config.endpoints.userinfo.as_str())),
            certificate: request.client_certificate.as_deref(),
            nonce_required: self.config.dpop_nonce_required
                || request.dpop_nonce_required == Some(true),
        };
        let checked = self.resource_sender(
            &mut self.lock(),
            &entry.binding,
            &request.token,
            &proof,
            Operation::UserInfo,
        )?;
        let nonce = match checked {
            Ok(nonce) => nonce,
            Err(refusal) => {
                let (result_code, result_message) = refusal.code.pair();
                return Ok({
                    let mut value = UserInfoResponse::default();
                    value.result_code = result_code;
                    value.result_message = result_message;
                    value.action = Some(UserInfoAction::Unauthorized);
                    value.response_content = Some(refusal.challenge);
                    value.dpop_nonce = refusal.nonce;
                    value
                });
            }
        };
        let (result_code, result_message) = rc::USERINFO_OK.pair();
        let claims = wanted_claims(&entry);
        let grant = &entry.grant;
        Ok({
            let mut value = UserInfoResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(UserInfoAction::Ok);
            value.claims = (!claims.is_empty()).then_some(claims);
            value.client_id = Some(grant.client_id);
            value.scopes = Some(grant.scopes.clone());
            value.subject = grant.subject.clone();
            value.token = Some(request.token.clone());
            value.properties = (!grant.properties.is_empty()).then(|| grant.properties.clone());
            value.user_info_claims = grant.userinfo_claims.as_ref().map(Value::to_string);
            value.dpop_nonce = nonce;
            value
        })
    }

    /// `/auth/userinfo/issue`.
    pub(crate) fn userinfo_issue(
        &self,
        request: UserInfoIssueRequest,
    ) -> Result<UserInfoIssueResponse, ApiError> {
        let denied = |action: UserInfoIssueAction, challenge: String, code: ResultCode| {
            let (result_code, result_message) = code.pair();
            {
                let mut value = UserInfoIssueResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(action);
                value.response_content = Some(challenge);
                value
            }
        };
        let entry = match self.check_userinfo_token(&request.token) {
            Checked::Denied(action, challenge, code) => {
                let action = match action {
                    UserInfoAction::BadRequest => UserInfoIssueAction::BadRequest,
                    UserInfoAction::Unauthorized => UserInfoIssueAction::Unauthorized,
                    _ => UserInfoIssueAction::Forbidden,
                };
                return Ok(denied(action, challenge, code));
            }
            Checked::Valid(entry) => entry,
        };
        let given = match request
            .claims
            .as_deref()
            .filter(|text| !text.trim().is_empty())
        {
            None => Map::new(),
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(object)) => object,
                _ => {
                    return Ok(denied(
                        UserInfoIssueAction::BadRequest,
                        bearer_challenge("invalid_request", rc::USERINFO_BAD_CLAIMS, None),
                        rc::USERINFO_BAD_CLAIMS,
                    ));
                }
            },
        };
        let wanted = wanted_claims(&entry);
        let mut body = Map::new();
        let sub = request
            .sub
            .clone()
            .filter(|sub| !sub.is_empty())
            .or_else(|| entry.grant.sub.clone())
            .or_else(|| entry.grant.subject.clone())
            .unwrap_or_default();
        body.insert("sub".into(), Value::from(sub));
        for (name, value) in given {
            // `name#ja` is the Japanese form of `name`.
            let base = name.split('#').next().unwrap_or_default();
            if name != "sub" && !value.is_null() && wanted.iter().any(|claim| claim == base) {
                body.insert(name, value);
            }
        }
        let (result_code, result_message) = rc::USERINFO_ISSUED.pair();
        Ok({
            let mut value = UserInfoIssueResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(UserInfoIssueAction::Json);
            value.response_content = Some(Value::Object(body).to_string());
            value
        })
    }
}
