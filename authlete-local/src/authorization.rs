//! `/auth/authorization`, `/auth/authorization/issue` and `/auth/authorization/fail`: request
//! validation (RFC 6749 §4, OIDC Core §3, RFC 7636, RFC 9126 request URIs), tickets, and the
//! authorization response in the query, the fragment or an auto-submitting form (form_post).

use serde_json::Value;

use super::clients::{LiveClient, lookup, normalise_response_type};
use super::engine::{Engine, capacity};
use super::grant_management::grant_dto;
use super::id_token::Binding;
use super::params::{Params, oauth_error, split_words};
use super::random;
use super::result_codes::{self as rc, ResultCode};
use super::store::{AuthorizationTicket, CodeEntry, Grant, ResponseMode, State};
use super::token::valid_pkce_value;
use super::userinfo::scope_claims;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::*;
use authlete_tower::handler::redirect_uri;

/// The prefix of request URIs minted by `/pushed_auth_req`.
pub(crate) const REQUEST_URI_PREFIX: &str = "urn:ietf:params:oauth:request_uri:";

/// The response types the engine implements, words sorted.
pub(crate) const RESPONSE_TYPES: &[&str] = &[
    "code",
    "token",
    "id_token",
    "code token",
    "code id_token",
    "id_token token",
    "code id_token token",
];

/// A validated authorization request.
#[derive(Debug, Clone)]
pub(crate) struct Validated {
    pub client: LiveClient,
    pub ticket: AuthorizationTicket,
    pub prompts: Vec<Prompt>,
    pub max_age: Option<i64>,
    pub display: Option<Display>,
    pub login_hint: Option<String>,
    pub ui_locales: Vec<String>,
    pub claims_locales: Vec<String>,
    pub acrs: Vec<String>,
    pub acr_essential: bool,
    pub subject: Option<String>,
}

/// Why a request was refused, and whether the refusal may go back to the client.
#[derive(Debug, Clone)]
pub(crate) enum Rejection {
    /// The client or its redirect URI cannot be trusted: answer the user agent directly.
    BadRequest {
        code: ResultCode,
        error: &'static str,
        detail: String,
    },
    /// Tell the client at its redirect URI.
    Redirect {
        target: Target,
        code: ResultCode,
        error: &'static str,
        detail: String,
    },
}

/// Where and how an authorization response goes.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub redirect_uri: String,
    pub mode: ResponseMode,
    pub state: Option<String>,
    /// The client, the `aud` of a JARM response.
    pub client_id: String,
}

/// The `response_mode`; JARM's `jwt` depends on whether the response carries tokens.
fn parse_mode(value: &str, implicit_like: bool) -> Option<ResponseMode> {
    match value {
        "query" => Some(ResponseMode::Query),
        "fragment" => Some(ResponseMode::Fragment),
        "form_post" => Some(ResponseMode::FormPost),
        "query.jwt" => Some(ResponseMode::QueryJwt),
        "fragment.jwt" => Some(ResponseMode::FragmentJwt),
        "form_post.jwt" => Some(ResponseMode::FormPostJwt),
        "jwt" if implicit_like => Some(ResponseMode::FragmentJwt),
        "jwt" => Some(ResponseMode::QueryJwt),
        _ => None,
    }
}

impl Engine {
    /// Validates an authorization request (also used by PAR, where `authenticated` is the client
    /// that pushed it).
    pub(crate) fn validate_authorization(
        &self,
        state: &State,
        params: &Params,
    ) -> Result<Validated, Box<Rejection>> {
        let bad = |code: ResultCode, detail: &str| {
            Box::new(Rejection::BadRequest {
                code,
                error: "invalid_request",
                detail: detail.to_owned(),
            })
        };
        if let Some(name) = params.duplicate() {
            return Err(bad(
                rc::AUTHZ_INVALID_REQUEST,
                &format!("'{name}' is given more than once."),
            ));
        }
        let Some(client_id) = params.get("client_id") else {
            return Err(bad(rc::AUTHZ_NO_CLIENT_ID, "client_id is missing."));
        };
        let Some(client) = lookup(&state.clients, client_id).cloned() else {
            return Err(bad(
                rc::AUTHZ_UNKNOWN_CLIENT,
                "The client is not registered.",
            ));
        };
        if client.administration.locked {
            return Err(bad(rc::AUTHZ_CLIENT_LOCKED, "The client is locked."));
        }
        let scopes = client.administration.requestable(params.words("scope"));
        let openid = scopes.iter().any(|scope| scope == "openid");
        let (redirect_uri, redirect_uri_given) = match params.get("redirect_uri") {
            Some(given) => {
                let parsed = url::Url::parse(given).map_err(|_| {
                    bad(
                        rc::AUTHZ_BAD_REDIRECT_URI,
                        "redirect_uri is not an absolute URI.",
                    )
                })?;
                if parsed.fragment().is_some()
                    || !client
                        .redirect_uris
                        .iter()
                        .any(|registered| registered == given)
                {
                    return Err(bad(
                        rc::AUTHZ_BAD_REDIRECT_URI,
                        "redirect_uri is not registered for the client.",
                    ));
                }
                (given.to_owned(), true)
            }
            None if openid => {
                return Err(bad(
                    rc::AUTHZ_BAD_REDIRECT_URI,
                    "redirect_uri is required in an OpenID Connect request.",
                ));
            }
            None => match client.redirect_uris.as_slice() {
                [only] => (only.clone(), false),
                _ => {
                    return Err(bad(
                        rc::AUTHZ_BAD_REDIRECT_URI,
                        "redirect_uri is required: the client has not exactly one registered.",
                    ));
                }
            },
        };
        if !redirect_uri::is_deliverable(&redirect_uri) {
            // Registration refuses such URIs; a response is never written to one all the same.
            return Err(bad(
                rc::AUTHZ_BAD_REDIRECT_URI,
                "The registered redirect_uri is not an http(s) URI or a private-use scheme.",
            ));
        }
        let state_param = params.get("state").map(str::to_owned);
        let response_type = params.get("response_type").map(normalise_response_type);
        let implicit_like = response_type.as_deref().is_some_and(|value| {
            value
                .split(' ')
                .any(|word| word == "token" || word == "id_token")
        });
        let default_mode = if implicit_like {
            ResponseMode::Fragment
        } else {
            ResponseMode::Query
        };
        let given_mode = params
            .get("response_mode")
            .map(|value| (value, parse_mode(value, implicit_like)));
        let mode = match given_mode {
            Some((_, Some(mode))) => mode,
            _ => default_mode,
        };
        let target = Target {
            redirect_uri: redirect_uri.clone(),
            mode,
            state: state_param.clone(),
            client_id: client.client_id.to_string(),
        };
        let redirect = |code: ResultCode, error: &'static str, detail: &str| {
            Box::new(Rejection::Redirect {
                target: target.clone(),
                code,
                error,
                detail: detail.to_owned(),
            })
        };
        if let Some((value, None)) = given_mode {
            return Err(redirect(
                rc::AUTHZ_INVALID_REQUEST,
                "invalid_request",
                &format!("response_mode '{value}' is not supported."),
            ));
        }
        let Some(response_type) = response_type else {
            return Err(redirect(
                rc::AUTHZ_INVALID_REQUEST,
                "invalid_request",
                "response_type is missing.",
            ));
        };
        if params.get("request").is_some() {
            // Request objects are resolved before validation; one inside another is refused.
            return Err(redirect(
                rc::AUTHZ_INVALID_REQUEST_OBJECT,
                "invalid_request_object",
                "A request object cannot contain another.",
            ));
        }
        if !RESPONSE_TYPES.contains(&response_type.as_str()) {
            return Err(redirect(
                rc::AUTHZ_UNSUPPORTED_RESPONSE_TYPE,
                "unsupported_response_type",
                "The response_type is not supported.",
            ));
        }
        if !client.response_types.contains(&response_type) {
            return Err(redirect(
                rc::AUTHZ_UNAUTHORIZED_CLIENT,
                "unauthorized_client",
                "The client has not registered this response_type.",
            ));
        }
        let needs_code_grant = response_type.split(' ').any(|word| word == "code");
        if (needs_code_grant && !client.allows(&GrantType::AuthorizationCode))
            || (implicit_like && !client.allows(&GrantType::Implicit))
        {
            return Err(redirect(
                rc::AUTHZ_UNAUTHORIZED_CLIENT,
                "unauthorized_client",
                "The client's grant types do not allow this response_type.",
            ));
        }
        if implicit_like && mode.base() == ResponseMode::Query {
            return Err(redirect(
                rc::AUTHZ_INVALID_REQUEST,
                "invalid_request",
                "response_mode=query (or query.jwt) cannot carry tokens.",
            ));
        }
        if let Some(scope) = self.unknown_scope(&scopes) {
            return Err(redirect(
                rc::AUTHZ_INVALID_SCOPE,
                "invalid_scope",
                &format!("'{scope}' is not supported."),
            ));
        }
        // RFC 8707 §2: each `resource` an absolute URI without a fragment, else invalid_target.
        let resources = super::resources::requested(params)
            .map_err(|detail| redirect(rc::AUTHZ_INVALID_TARGET, "invalid_target", detail))?;
        let words: Vec<String> = split_words(&response_type);
        let has = |word: &str| words.iter().any(|seen| seen == word);
        if has("id_token") && !openid {
            return Err(redirect(
                rc::AUTHZ_INVALID_REQUEST,
                "invalid_request",
                "response_type id_token requires the openid scope.",
            ));
        }
        let nonce = params.get("nonce").map(str::to_owned);
        if has("id_token") && nonce.is_none() {
            return Err(redirect(
                rc::AUTHZ_INVALID_REQUEST,
                "invalid_request",
                "nonce is required when an ID token is issued from the authorization endpoint.",
            ));
        }
        let code_challenge = match (
            params.get("code_challenge"),
            params.get("code_challenge_method"),
        ) {
            (None, Some(_)) => {
                return Err(redirect(
                    rc::AUTHZ_INVALID_REQUEST,
                    "invalid_request",
                    "code_challenge_method is given without code_challenge.",
                ));
            }
            (Some(challenge), method) => {
                let method = method.unwrap_or("plain");
                if method != "S256" && method != "plain" {
                    return Err(redirect(
                        rc::AUTHZ_INVALID_REQUEST,
                        "invalid_request",
                        "code_challenge_method must be S256 or plain.",
                    ));
                }
                // RFC 9700 §2.1.1: where S256 is required, plain (also implied by a missing
                // code_challenge_method, RFC 7636 §4.3) is refused.
                if method == "plain"
                    && (self.config.pkce_s256_required || client.pkce_s256_required)
                {
                    return Err(redirect(
                        rc::AUTHZ_INVALID_REQUEST,
                        "invalid_request",
                        "code_challenge_method must be S256 (plain is not allowed).",
                    ));
                }
                if !valid_pkce_value(challenge) {
                    return Err(redirect(
                        rc::AUTHZ_INVALID_REQUEST,
                        "invalid_request",
                        "code_challenge is not 43 to 128 unreserved characters.",
                    ));
                }
                Some((challenge.to_owned(), method.to_owned()))
            }
            (None, None) => None,
        };
        if has("code") && client.pkce_required && code_challenge.is_none() {
            return Err(redirect(
                rc::AUTHZ_INVALID_REQUEST,
                "invalid_request",
                "The client must use PKCE (code_challenge).",
            ));
        }
        let mut prompts = Vec::new();
        for word in params.words("prompt") {
            prompts.push(match word.as_str() {
                "none" => Prompt::None,
                "login" => Prompt::Login,
                "consent" => Prompt::Consent,
                "select_account" => Prompt::SelectAccount,
                "create" => Prompt::Create,
                other => {
                    return Err(redirect(
                        rc::AUTHZ_INVALID_REQUEST,
                        "invalid_request",
                        &format!("prompt '{other}' is not supported."),
                    ));
                }
            });
        }
        if prompts.contains(&Prompt::None) && prompts.len() > 1 {
            return Err(redirect(
                rc::AUTHZ_INVALID_REQUEST,
                "invalid_request",
                "prompt=none cannot be combined with other values.",
            ));
        }
        let max_age = match params.get("max_age") {
            None => None,
            Some(value) => match value.parse::<i64>() {
                Ok(age) if age >= 0 => Some(age),
                _ => {
                    return Err(redirect(
                        rc::AUTHZ_INVALID_REQUEST,
                        "invalid_request",
                        "max_age is not a non-negative integer.",
                    ));
                }
            },
        };
        let display = match params.get("display") {
            None => None,
            Some("page") => Some(Display::Page),
            Some("popup") => Some(Display::Popup),
            Some("touch") => Some(Display::Touch),
            Some("wap") => Some(Display::Wap),
            Some(_) => {
                return Err(redirect(
                    rc::AUTHZ_INVALID_REQUEST,
                    "invalid_request",
                    "display is not page, popup, touch or wap.",
                ));
            }
        };
        let claims_request = match params.get("claims") {
            None => None,
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(object))
                    if object
                        .values()
                        .all(|part| part.is_object() || part.is_null()) =>
                {
                    Some(Value::Object(object))
                }
                _ => {
                    return Err(redirect(
                        rc::AUTHZ_INVALID_REQUEST,
                        "invalid_request",
                        "claims is not a JSON object of objects.",
                    ));
                }
            },
        };
        let id_token_part = claims_request
            .as_ref()
            .and_then(|claims| claims.get("id_token"))
            .and_then(Value::as_object);
        let acr_request = id_token_part
            .and_then(|part| part.get("acr"))
            .and_then(Value::as_object);
        let acr_essential = acr_request
            .and_then(|acr| acr.get("essential"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut acrs = params.words("acr_values");
        if let Some(acr) = acr_request {
            if let Some(values) = acr.get("values").and_then(Value::as_array) {
                acrs.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
            } else if let Some(value) = acr.get("value").and_then(Value::as_str) {
                acrs.push(value.to_owned());
            }
        }
        let subject = id_token_part
            .and_then(|part| part.get("sub"))
            .and_then(|sub| sub.get("value"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let grant_management = self
            .requested_grant_management(state, client.client_id, params)
            .map_err(|(code, error, detail)| redirect(code, error, &detail))?;
        Ok(Validated {
            client,
            ticket: AuthorizationTicket {
                client_id: 0,
                redirect_uri,
                redirect_uri_given,
                response_type: words,
                response_mode: mode,
                state: state_param,
                nonce,
                scopes,
                code_challenge,
                claims_request,
                resources,
                context: None,
                grant_management,
            },
            prompts,
            max_age,
            display,
            login_hint: params.get("login_hint").map(str::to_owned),
            ui_locales: params.words("ui_locales"),
            claims_locales: params.words("claims_locales"),
            acrs,
            acr_essential,
            subject,
        })
    }

    /// `/auth/authorization`.
    pub(crate) fn authorization(
        &self,
        request: AuthorizationRequest,
    ) -> Result<AuthorizationResponse, ApiError> {
        let now = self.now();
        let mut state = self.lock();
        let mut params = match self.resolve_request_object(&state, &request.parameters) {
            Ok(parameters) => Params::parse(&parameters),
            Err(rejection) => return Ok(rejected(self, *rejection)),
        };
        if let Some(request_uri) = params.get("request_uri").map(str::to_owned) {
            // RFC 9126 §4: client_id is required and must be the pushing client's. Both are
            // checked before the request_uri is used up, so that a wrong guess cannot spend the
            // legitimate client's request_uri.
            let Some(client_id) = params.get("client_id") else {
                return Ok(rejected(
                    self,
                    Rejection::BadRequest {
                        code: rc::AUTHZ_NO_CLIENT_ID,
                        error: "invalid_request",
                        detail: "client_id is required with request_uri.".into(),
                    },
                ));
            };
            let key = random::key(&request_uri);
            let owner = request_uri
                .starts_with(REQUEST_URI_PREFIX)
                .then(|| state.par.get(&key, now).map(|entry| entry.client_id))
                .flatten();
            let Some(owner) = owner else {
                return Ok(rejected(
                    self,
                    Rejection::BadRequest {
                        code: rc::AUTHZ_INVALID_REQUEST_URI,
                        error: "invalid_request_uri",
                        detail: "The request_uri is unknown or has expired.".into(),
                    },
                ));
            };
            if client_id != owner.to_string() {
                return Ok(rejected(
                    self,
                    Rejection::BadRequest {
                        code: rc::AUTHZ_INVALID_REQUEST_URI,
                        error: "invalid_request_uri",
                        detail: "The request_uri belongs to another client.".into(),
                    },
                ));
            }
            let Some(entry) = state.par.take(&key, now) else {
                return Ok(rejected(
                    self,
                    Rejection::BadRequest {
                        code: rc::AUTHZ_INVALID_REQUEST_URI,
                        error: "invalid_request_uri",
                        detail: "The request_uri is unknown or has expired.".into(),
                    },
                ));
            };
            params = Params::parse(&entry.parameters);
        }
        let validated = match self.validate_authorization(&state, &params) {
            Ok(validated) => validated,
            Err(rejection) => return Ok(rejected(self, *rejection)),
        };
        let ticket = random::token();
        let mut stored = validated.ticket.clone();
        stored.client_id = validated.client.client_id;
        state
            .tickets
            .insert(random::key(&ticket), stored, now)
            .map_err(|_| capacity(Operation::Authorization))?;
        let request_claims = validated.ticket.claims_request.as_ref();
        let part = |name: &str| {
            request_claims
                .and_then(|claims| claims.get(name))
                .filter(|part| part.is_object())
                .cloned()
        };
        let id_token_part = part("id_token");
        let userinfo_part = part("userinfo");
        let mut claims: Vec<String> = id_token_part
            .as_ref()
            .and_then(Value::as_object)
            .map(|part| part.keys().cloned().collect())
            .unwrap_or_default();
        if validated.ticket.response_type == ["id_token"] {
            for claim in scope_claims(&validated.ticket.scopes) {
                if !claims.iter().any(|seen| seen == claim) {
                    claims.push(claim.to_owned());
                }
            }
        }
        let scopes = validated
            .ticket
            .scopes
            .iter()
            .map(|name| {
                let description = self
                    .config
                    .scopes
                    .iter()
                    .find(|scope| scope.name == *name)
                    .map(|scope| scope.description.clone())
                    .unwrap_or_default();
                {
                    let mut value = Scope::new(name.clone(), description);
                    value.default_entry = Some(false);
                    value
                }
            })
            .collect();
        let no_interaction = validated.prompts.contains(&Prompt::None);
        let lowest_prompt = if no_interaction {
            Prompt::None
        } else if validated.prompts.contains(&Prompt::Login) {
            Prompt::Login
        } else if validated.prompts.contains(&Prompt::SelectAccount) {
            Prompt::SelectAccount
        } else {
            Prompt::Consent
        };
        let result_code = rc::AUTHZ_TICKET_ISSUED;
        Ok({
            let mut value = AuthorizationResponse::default();
            value.result_code = Some(result_code.code.to_owned());
            value.result_message = Some(result_code.message_with(&format!(
                    "[response_type={}, openid={}]",
                    validated.ticket.response_type.join(" "),
                    validated.ticket.scopes.iter().any(|scope| scope == "openid")
                )));
            value.action = Some(if no_interaction {
                AuthorizationAction::NoInteraction
            } else {
                AuthorizationAction::Interaction
            });
            value.client = Some(validated.client.authorization_client());
            value.service = Some(self.service_summary());
            value.display = Some(validated.display.clone().unwrap_or(Display::Page));
            value.max_age = Some(validated.max_age.unwrap_or(0));
            value.scopes = Some(scopes);
            value.ui_locales =
                (!validated.ui_locales.is_empty()).then(|| validated.ui_locales.clone());
            value.claims_locales =
                (!validated.claims_locales.is_empty()).then(|| validated.claims_locales.clone());
            value.claims = (!claims.is_empty()).then_some(claims);
            value.acr_essential = validated.acr_essential;
            value.acrs = (!validated.acrs.is_empty()).then(|| validated.acrs.clone());
            value.subject = validated.subject.clone();
            value.resources = (!validated.ticket.resources.is_empty())
                .then(|| validated.ticket.resources.clone());
            value.login_hint = validated.login_hint.clone();
            value.prompts = Some(validated.prompts.clone());
            value.lowest_prompt = Some(lowest_prompt);
            value.id_token_claims = id_token_part.map(|part| part.to_string());
            value.claims_at_user_info = userinfo_part
                .as_ref()
                .and_then(Value::as_object)
                .map(|part| part.keys().cloned().collect());
            value.user_info_claims = userinfo_part.map(|part| part.to_string());
            if let Some((action, grant_id)) = &validated.ticket.grant_management {
                value.gm_action = Some(action.clone());
                value.grant_id = grant_id.clone();
                if let Some(record) = grant_id
                    .as_deref()
                    .and_then(|id| state.grants.get(&random::key(id), now))
                {
                    value.grant = Some(grant_dto(record));
                    value.grant_subject = record.subject.clone();
                }
            }
            value.native_sso_requested = self
                .native_sso_requested(&validated.ticket.scopes, &validated.ticket.response_type);
            value.ticket = Some(ticket);
            value
        })
    }

    /// `/auth/authorization/issue`.
    pub(crate) fn authorization_issue(
        &self,
        request: AuthorizationIssueRequest,
    ) -> Result<AuthorizationIssueResponse, ApiError> {
        let issue_error = |code: ResultCode, detail: &str| {
            let (result_code, result_message) = code.pair();
            {
                let mut value = AuthorizationIssueResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(AuthorizationIssueAction::BadRequest);
                value.response_content = Some(oauth_error("invalid_request", code, Some(detail)));
                value
            }
        };
        if request.subject.is_empty() {
            return Ok(issue_error(rc::AUTHZ_NO_SUBJECT, "subject is required."));
        }
        let extra_claims = match request
            .claims
            .as_deref()
            .filter(|text| !text.trim().is_empty())
        {
            None => None,
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(object)) => Some(object),
                _ => {
                    return Ok(issue_error(
                        rc::AUTHZ_BAD_CLAIMS,
                        "claims must be a JSON object.",
                    ));
                }
            },
        };
        let now = self.now();
        let mut state = self.lock();
        let Some(ticket) = state.tickets.take(&random::key(&request.ticket), now) else {
            return Ok(issue_error(
                rc::AUTHZ_TICKET_UNKNOWN,
                "The ticket is unknown, used or expired.",
            ));
        };
        let has = |word: &str| ticket.response_type.iter().any(|seen| seen == word);
        let claims_part = |name: &str| {
            ticket
                .claims_request
                .as_ref()
                .and_then(|claims| claims.get(name))
                .filter(|part| part.is_object())
                .cloned()
        };
        let session_id = request.session_id.clone().filter(|id| !id.is_empty());
        let grant_scopes = request
            .scopes
            .clone()
            .unwrap_or_else(|| ticket.scopes.clone());
        if session_id.is_none() && self.native_sso_requested(&grant_scopes, &ticket.response_type) {
            return Ok(issue_error(
                rc::AUTHZ_NO_SESSION,
                "The authorization request asks for Native SSO (openid and device_sso).",
            ));
        }
        let grant_management =
            self.grant_management_for(&state, &ticket.grant_management, &request.subject);
        let grant = Grant {
            client_id: ticket.client_id,
            subject: Some(request.subject.clone()),
            scopes: request
                .scopes
                .clone()
                .unwrap_or_else(|| ticket.scopes.clone()),
            properties: request.properties.clone().unwrap_or_default(),
            auth_time: request.auth_time.filter(|seconds| *seconds > 0),
            acr: request.acr.clone().filter(|acr| !acr.is_empty()),
            grant_type: Some(if has("code") {
                GrantType::AuthorizationCode
            } else {
                GrantType::Implicit
            }),
            userinfo_claims: claims_part("userinfo"),
            extra_claims,
            sub: request.sub.clone().filter(|sub| !sub.is_empty()),
            resources: ticket.resources.clone(),
            token_resources: ticket.resources.clone(),
            // `create` names a new grant; `merge` and `replace` the one of the request.
            grant_id: grant_management
                .as_ref()
                .map(|(_, id)| id.clone().unwrap_or_else(random::token)),
            session_id,
        };
        // The grant changes when the code is redeemed, or now for tokens issued here.
        let mut grant_action = grant_management.map(|(action, _)| action);
        if has("token")
            && let Some(action) = grant_action.take()
        {
            let claims = match &grant.userinfo_claims {
                Some(Value::Object(part)) => part.keys().cloned().collect(),
                _ => Vec::new(),
            };
            self.apply_grant_action(
                &mut state,
                &grant,
                &action,
                claims,
                Operation::AuthorizationIssue,
            )?;
        }
        let mut fields: Vec<(&str, String)> = Vec::new();
        let mut response = AuthorizationIssueResponse::default();
        response.ticket_info = ticket
            .context
            .clone()
            .map(AuthorizationTicketInfo::with_context);
        let code = if has("code") {
            let code = random::token();
            let entry = CodeEntry {
                grant: grant.clone(),
                redirect_uri: ticket.redirect_uri.clone(),
                redirect_uri_given: ticket.redirect_uri_given,
                nonce: ticket.nonce.clone(),
                code_challenge: ticket.code_challenge.clone(),
                used: false,
                issued: Vec::new(),
                grant_action: grant_action.clone(),
            };
            state
                .codes
                .insert(
                    random::key(&code),
                    now + Self::millis(self.config.lifetimes.authorization_code),
                    entry,
                    now,
                )
                .map_err(|_| capacity(Operation::AuthorizationIssue))?;
            fields.push(("code", code.clone()));
            response.authorization_code = Some(code.clone());
            Some(code)
        } else {
            None
        };
        let access = if has("token") {
            let issued = self.issue(&mut state, &grant, false, Operation::AuthorizationIssue)?;
            let expires_in = ((issued.access_expires_at - issued.issued_at) / 1000).max(0);
            fields.push(("access_token", issued.access_token.clone()));
            fields.push(("token_type", "Bearer".into()));
            fields.push(("expires_in", expires_in.to_string()));
            // RFC 6749 §4.2.2: no `scope` when none was granted (never an empty one).
            if !grant.scopes.is_empty() {
                fields.push(("scope", grant.scopes.join(" ")));
            }
            response.access_token = Some(issued.access_token.clone());
            response.access_token_expires_at = Some(issued.access_expires_at);
            response.access_token_duration = Some(expires_in);
            Some(issued.access_token)
        } else {
            None
        };
        if has("id_token") {
            let id_token = self.id_token(
                &grant,
                Binding {
                    nonce: ticket.nonce.as_deref(),
                    access_token: access.as_deref(),
                    code: code.as_deref(),
                    ..Binding::default()
                },
            );
            if let Some(id_token) = id_token {
                fields.push(("id_token", id_token.clone()));
                response.id_token = Some(id_token);
            }
        }
        if let Some(value) = &ticket.state {
            fields.push(("state", value.clone()));
        }
        let target = Target {
            redirect_uri: ticket.redirect_uri.clone(),
            mode: ticket.response_mode,
            state: None,
            client_id: ticket.client_id.to_string(),
        };
        let (form, content) = self.deliver(&target, &fields);
        let (result_code, result_message) = rc::AUTHZ_ISSUED.pair();
        response.result_code = result_code;
        response.result_message = result_message;
        response.action = Some(if form {
            AuthorizationIssueAction::Form
        } else {
            AuthorizationIssueAction::Location
        });
        response.response_content = Some(content);
        Ok(response)
    }

    /// `/auth/authorization/fail`.
    pub(crate) fn authorization_fail(
        &self,
        request: AuthorizationFailRequest,
    ) -> Result<AuthorizationFailResponse, ApiError> {
        let now = self.now();
        let mut state = self.lock();
        let Some(ticket) = state.tickets.take(&random::key(&request.ticket), now) else {
            let (result_code, result_message) = rc::AUTHZ_TICKET_UNKNOWN.pair();
            return Ok({
                let mut value = AuthorizationFailResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(AuthorizationIssueAction::BadRequest);
                value.response_content = Some(oauth_error(
                    "invalid_request",
                    rc::AUTHZ_TICKET_UNKNOWN,
                    None,
                ));
                value
            });
        };
        let (error, default_description) = fail_error(request.reason.as_ref());
        let description = request
            .description
            .clone()
            .filter(|text| !text.is_empty())
            .unwrap_or_else(|| default_description.to_owned());
        let mut fields = vec![
            ("error", error.to_owned()),
            ("error_description", description),
        ];
        if let Some(value) = &ticket.state {
            fields.push(("state", value.clone()));
        }
        let target = Target {
            redirect_uri: ticket.redirect_uri,
            mode: ticket.response_mode,
            state: None,
            client_id: ticket.client_id.to_string(),
        };
        let (form, content) = self.deliver(&target, &fields);
        let (result_code, result_message) = rc::AUTHZ_FAILED.pair();
        Ok({
            let mut value = AuthorizationFailResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(if form {
                AuthorizationIssueAction::Form
            } else {
                AuthorizationIssueAction::Location
            });
            value.response_content = Some(content);
            value
        })
    }
}

/// The OAuth error and a description for each failure reason.
fn fail_error(reason: Option<&AuthorizationFailReason>) -> (&'static str, &'static str) {
    use AuthorizationFailReason as R;
    match reason {
        Some(R::NotLoggedIn) => ("login_required", "The end-user has not logged in."),
        Some(R::MaxAgeNotSupported) => (
            "login_required",
            "max_age is not supported by the authorization server.",
        ),
        Some(R::ExceedsMaxAge) => (
            "login_required",
            "The end-user authenticated longer ago than max_age allows.",
        ),
        Some(R::DifferentSubject) => (
            "login_required",
            "The logged-in end-user is not the requested subject.",
        ),
        Some(R::AcrNotSatisfied) => (
            "login_required",
            "The authentication does not satisfy the requested ACR.",
        ),
        Some(R::Denied) => (
            "access_denied",
            "The end-user denied the authorization request.",
        ),
        Some(R::NotAuthenticated) => ("login_required", "The end-user was not authenticated."),
        Some(R::AccountSelectionRequired) => (
            "account_selection_required",
            "The end-user must select an account.",
        ),
        Some(R::ConsentRequired) => ("consent_required", "The end-user's consent is required."),
        Some(R::InteractionRequired) => (
            "interaction_required",
            "Interaction with the end-user is required.",
        ),
        Some(R::InvalidTarget) => ("invalid_target", "The requested resource is invalid."),
        _ => (
            "server_error",
            "The authorization server failed to process the request.",
        ),
    }
}

/// A `BAD_REQUEST`, `LOCATION` or `FORM` answer for a refused request.
fn rejected(engine: &Engine, rejection: Rejection) -> AuthorizationResponse {
    match rejection {
        Rejection::BadRequest {
            code,
            error,
            detail,
        } => {
            let (result_code, result_message) = code.pair();
            {
                let mut value = AuthorizationResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(AuthorizationAction::BadRequest);
                value.response_content = Some(oauth_error(error, code, Some(&detail)));
                value
            }
        }
        Rejection::Redirect {
            target,
            code,
            error,
            detail,
        } => {
            let mut fields = vec![
                ("error", error.to_owned()),
                ("error_description", format!("[{}] {detail}", code.code)),
            ];
            if let Some(state) = &target.state {
                fields.push(("state", state.clone()));
            }
            let (form, content) = engine.deliver(&target, &fields);
            let (result_code, result_message) = code.pair();
            {
                let mut value = AuthorizationResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(if form {
                    AuthorizationAction::Form
                } else {
                    AuthorizationAction::Location
                });
                value.response_content = Some(content);
                value
            }
        }
    }
}

/// Builds the response at the redirect URI: `(is_form, content)`, the fields in the clear
/// (JARM modes are signed by [`Engine::deliver`] first).
pub(crate) fn respond(target: &Target, fields: &[(&str, String)]) -> (bool, String) {
    match target.mode.base() {
        ResponseMode::Query => {
            let mut url =
                url::Url::parse(&target.redirect_uri).expect("redirect URIs are validated");
            {
                let mut query = url.query_pairs_mut();
                for (name, value) in fields {
                    query.append_pair(name, value);
                }
            }
            (false, url.to_string())
        }
        ResponseMode::Fragment => {
            let mut url =
                url::Url::parse(&target.redirect_uri).expect("redirect URIs are validated");
            let mut serializer = form_urlencoded::Serializer::new(String::new());
            for (name, value) in fields {
                serializer.append_pair(name, value);
            }
            url.set_fragment(Some(&serializer.finish()));
            (false, url.to_string())
        }
        _ => {
            let mut html = String::from(
                "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Submit This Form</title>\n</head>\n<body onload=\"javascript:document.forms[0].submit()\">\n",
            );
            html.push_str(&format!(
                "<form method=\"post\" action=\"{}\">\n",
                escape_html(&target.redirect_uri)
            ));
            for (name, value) in fields {
                html.push_str(&format!(
                    "<input type=\"hidden\" name=\"{}\" value=\"{}\"/>\n",
                    escape_html(name),
                    escape_html(value)
                ));
            }
            html.push_str("</form>\n</body>\n</html>\n");
            (true, html)
        }
    }
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_post_escapes_values() {
        let target = Target {
            redirect_uri: "https://c.example/cb?a=1&b=2".into(),
            mode: ResponseMode::FormPost,
            state: None,
            client_id: "1".into(),
        };
        let (form, html) = respond(&target, &[("state", "\"><script>".into())]);
        assert!(form);
        assert!(
            html.contains("action=\"https://c.example/cb?a=1&amp;b=2\""),
            "{html}"
        );
        assert!(
            html.contains("value=\"&quot;&gt;&lt;script&gt;\""),
            "{html}"
        );
    }

    #[test]
    fn query_keeps_existing_parameters() {
        let target = Target {
            redirect_uri: "https://c.example/cb?a=1".into(),
            mode: ResponseMode::Query,
            state: None,
            client_id: "1".into(),
        };
        let (form, location) = respond(&target, &[("code", "x y".into())]);
        assert!(!form);
        assert_eq!(location, "https://c.example/cb?a=1&code=x+y");
    }
}
