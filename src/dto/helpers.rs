//! Conveniences on the generated types: constructors for the requests every application sends
//! and typed views of the response fields users read most.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;

/// Converts Authlete's millisecond timestamp into a [`SystemTime`]. Negative or zero means "not set".
pub fn millis_to_system_time(millis: i64) -> Option<SystemTime> {
    u64::try_from(millis)
        .ok()
        .filter(|millis| *millis > 0)
        .map(|millis| UNIX_EPOCH + Duration::from_millis(millis))
}

impl IntrospectionRequest {
    /// A request to introspect `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            ..Self::default()
        }
    }
}

impl IntrospectionResponse {
    /// When the access token expires (`expiresAt`, milliseconds since the epoch).
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at.and_then(millis_to_system_time)
    }

    /// The scopes covered by the access token; empty when there are none.
    pub fn scope_list(&self) -> impl Iterator<Item = &str> {
        self.scopes.iter().flatten().map(String::as_str)
    }

    /// Whether the access token covers `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope_list().any(|granted| granted == scope)
    }

    /// When the user authenticated (`authTime`, milliseconds since the epoch).
    pub fn auth_time(&self) -> Option<SystemTime> {
        self.auth_time.and_then(millis_to_system_time)
    }
}

impl StandardIntrospectionRequest {
    /// A request carrying the raw `application/x-www-form-urlencoded` body of an RFC 7662 call.
    pub fn new(parameters: impl Into<String>) -> Self {
        Self {
            parameters: parameters.into(),
            ..Self::default()
        }
    }
}

impl AuthorizationRequest {
    /// A request carrying the raw query string (GET) or form body (POST) of an authorization request.
    pub fn new(parameters: impl Into<String>) -> Self {
        Self {
            parameters: parameters.into(),
            ..Self::default()
        }
    }
}

impl AuthorizationIssueRequest {
    /// A request to issue what the ticket's authorization request asked for, for `subject`.
    pub fn new(ticket: impl Into<String>, subject: impl Into<String>) -> Self {
        Self {
            ticket: ticket.into(),
            subject: subject.into(),
            ..Self::default()
        }
    }
}

impl AuthorizationFailRequest {
    /// A request to end the ticket's authorization request with `reason`.
    pub fn new(ticket: impl Into<String>, reason: AuthorizationFailReason) -> Self {
        Self {
            ticket: ticket.into(),
            reason: Some(reason),
            ..Self::default()
        }
    }
}

impl TokenRequest {
    /// A request carrying the raw form body of a token request.
    pub fn new(parameters: impl Into<String>) -> Self {
        Self {
            parameters: parameters.into(),
            ..Self::default()
        }
    }
}

impl TokenResponse {
    /// When the access token expires (`accessTokenExpiresAt`).
    pub fn access_token_expires_at(&self) -> Option<SystemTime> {
        self.access_token_expires_at.and_then(millis_to_system_time)
    }
}

impl TokenIssueRequest {
    /// A request to issue tokens for the ticket of a `PASSWORD` answer.
    pub fn new(ticket: impl Into<String>, subject: impl Into<String>) -> Self {
        Self {
            ticket: ticket.into(),
            subject: subject.into(),
            ..Self::default()
        }
    }
}

impl TokenFailRequest {
    /// A request to end the ticket of a `PASSWORD` answer with `reason`.
    pub fn new(ticket: impl Into<String>, reason: TokenFailReason) -> Self {
        Self {
            ticket: ticket.into(),
            reason: Some(reason),
        }
    }
}

impl NativeSsoRequest {
    /// A `/nativesso` request for the access token of a `NATIVE_SSO` answer (its
    /// `jwtAccessToken` when there is one) and the device secret to hand out.
    pub fn new(access_token: impl Into<String>, device_secret: impl Into<String>) -> Self {
        Self {
            access_token: access_token.into(),
            device_secret: device_secret.into(),
            ..Self::default()
        }
    }
}

impl NativeSsoLogoutRequest {
    /// A `/nativesso/logout` request ending the tokens of `session_id`.
    pub fn new(session_id: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
        }
    }
}

impl RevocationRequest {
    /// A request carrying the raw form body of an RFC 7009 call.
    pub fn new(parameters: impl Into<String>) -> Self {
        Self {
            parameters: parameters.into(),
            ..Self::default()
        }
    }
}

impl UserInfoRequest {
    /// A request for the UserInfo of `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            ..Self::default()
        }
    }
}

impl GmRequest {
    /// A grant management request (`/gm`): `action` (`QUERY` or `REVOKE`) on the grant
    /// `grant_id`, with the access token the client presented at the grant management endpoint.
    pub fn new(
        access_token: impl Into<String>,
        action: GrantManagementAction,
        grant_id: impl Into<String>,
    ) -> Self {
        Self {
            access_token: Some(access_token.into()),
            gm_action: Some(action),
            grant_id: Some(grant_id.into()),
            ..Self::default()
        }
    }
}

impl UserInfoIssueRequest {
    /// A request to issue the UserInfo answer for `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            ..Self::default()
        }
    }
}

impl PushedAuthorizationRequest {
    /// A request carrying the raw form body of an RFC 9126 call.
    pub fn new(parameters: impl Into<String>) -> Self {
        Self {
            parameters: parameters.into(),
            ..Self::default()
        }
    }
}

impl DeviceAuthorizationRequest {
    /// A request carrying the raw form body of an RFC 8628 device authorization call.
    pub fn new(parameters: impl Into<String>) -> Self {
        Self {
            parameters: parameters.into(),
            ..Self::default()
        }
    }
}

impl DeviceVerificationRequest {
    /// A request to look up `user_code`.
    pub fn new(user_code: impl Into<String>) -> Self {
        Self {
            user_code: user_code.into(),
        }
    }
}

impl DeviceCompleteRequest {
    /// A request to end the device flow of `user_code` with `result` for `subject`.
    pub fn new(
        user_code: impl Into<String>,
        result: DeviceCompleteResult,
        subject: impl Into<String>,
    ) -> Self {
        Self {
            user_code: user_code.into(),
            result: Some(result),
            subject: subject.into(),
            ..Self::default()
        }
    }
}

impl BackchannelAuthenticationRequest {
    /// A request carrying the raw form body of a CIBA backchannel authentication call.
    pub fn new(parameters: impl Into<String>) -> Self {
        Self {
            parameters: parameters.into(),
            ..Self::default()
        }
    }
}

impl ClientRegistrationRequest {
    /// A request carrying the client metadata JSON of an RFC 7591 registration.
    pub fn new(json: impl Into<String>) -> Self {
        Self {
            json: Some(json.into()),
            ..Self::default()
        }
    }
}

impl Scope {
    /// A scope with a name and a description.
    pub fn new(name: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            description: Some(description.into()),
            ..Self::default()
        }
    }
}

impl Property {
    /// A property; `hidden` ones are never shown to the client.
    pub fn new(key: impl Into<String>, value: impl Into<String>, hidden: bool) -> Self {
        Self {
            key: Some(key.into()),
            value: Some(value.into()),
            hidden: Some(hidden),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_become_system_time() {
        let at = millis_to_system_time(1_640_416_873_000).unwrap();
        assert_eq!(
            at.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            1_640_416_873
        );
        assert_eq!(millis_to_system_time(0), None);
        assert_eq!(millis_to_system_time(-5), None);
    }

    #[test]
    fn explicit_nulls_are_accepted() {
        let json = r#"{"token":null,"scopes":null,"subject":null,"dpopNonceRequired":null}"#;
        let request: IntrospectionRequest = serde_json::from_str(json).unwrap();
        assert_eq!(request.token, "");
        assert_eq!(request.scopes, None);
        let json = r#"{"action":null,"usable":null,"existent":false,"clientId":null}"#;
        let response: IntrospectionResponse = serde_json::from_str(json).unwrap();
        assert!(!response.usable);
        assert_eq!(response.action, None);
    }

    #[test]
    fn response_client_ids_are_numbers_or_numeric_strings() {
        let read = |json: &str| serde_json::from_str::<UserInfoResponse>(json).map(|r| r.client_id);
        assert_eq!(
            read(r#"{"clientId":26478243745571}"#).unwrap(),
            Some(26478243745571)
        );
        assert_eq!(
            read(r#"{"clientId":"15518267821"}"#).unwrap(),
            Some(15518267821)
        );
        assert_eq!(read(r#"{"clientId":null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        let error = read(r#"{"clientId":"secret-looking-value"}"#).unwrap_err();
        assert!(
            !error.to_string().contains("secret-looking-value"),
            "{error}"
        );
        // Written back as a number, as Authlete sends it.
        let response = UserInfoResponse {
            client_id: Some(7),
            ..UserInfoResponse::default()
        };
        assert!(
            serde_json::to_string(&response)
                .unwrap()
                .contains(r#""clientId":7"#)
        );
    }

    #[test]
    fn the_authorization_client_is_the_full_client() {
        let json = r#"{"client":{"clientId":1,"clientName":"c","redirectUris":["https://a/cb"]}}"#;
        let response: AuthorizationResponse = serde_json::from_str(json).unwrap();
        let client: &AuthorizationClient = response.client.as_ref().unwrap();
        assert_eq!(
            client.redirect_uris.as_deref(),
            Some(&["https://a/cb".to_owned()][..])
        );
    }

    #[test]
    fn none_is_not_serialised() {
        let json = serde_json::to_string(&IntrospectionRequest::new("abc")).unwrap();
        assert_eq!(json, r#"{"token":"abc"}"#);
    }

    #[test]
    fn debug_output_hides_credentials() {
        let mut request = TokenRequest::new("grant_type=password&password=hunter2");
        request.client_secret = Some("s3cr3t-value".into());
        let printed = format!("{request:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("s3cr3t-value"), "{printed}");
        assert!(printed.contains("<redacted>"));
    }
}
