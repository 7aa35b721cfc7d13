//! The `resultCode` values the local backend answers with, in one table.
//!
//! Codes marked *Authlete* are the ones Authlete's documentation and examples show for the same
//! situation; the others follow Authlete's numbering (`A` + API number + `0xx` success / `1xx`
//! caller error / `2xx` bad request / `3xx` client or token error) but are this backend's own.

/// A result code and the sentence that follows it in `resultMessage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ResultCode {
    pub code: &'static str,
    pub text: &'static str,
}

impl ResultCode {
    /// `[A056001] The access token is valid.`
    pub fn message(self) -> String {
        format!("[{}] {}", self.code, self.text)
    }

    /// `[A056001] The access token is valid. (detail)`
    pub fn message_with(self, detail: &str) -> String {
        format!("[{}] {} {detail}", self.code, self.text)
    }

    /// [`message_with`](Self::message_with) when there is a detail, else [`message`](Self::message).
    pub fn message_or_with(self, detail: Option<&str>) -> String {
        match detail {
            Some(detail) => self.message_with(detail),
            None => self.message(),
        }
    }

    /// `(resultCode, resultMessage)` as the DTOs hold them.
    pub fn pair(self) -> (Option<String>, Option<String>) {
        (Some(self.code.to_owned()), Some(self.message()))
    }
}

macro_rules! codes {
    ($( $(#[$meta:meta])* $name:ident = $code:literal, $text:literal; )+) => {
        $( $(#[$meta])* pub(crate) const $name: ResultCode = ResultCode { code: $code, text: $text }; )+
        /// Every code, for the uniqueness test.
        #[cfg(test)]
        pub(crate) const ALL: &[ResultCode] = &[$($name,)+];
    };
}

codes! {
    // HTTP-level errors of the API itself.
    /// Authlete: the Authorization header is missing.
    API_AUTH_MISSING = "A001202", "The Authorization header is missing or is not Basic/Bearer.";
    /// Wrong service credentials.
    API_AUTH_INVALID = "A001203", "The service credentials are invalid.";
    /// The v3 service ID in the path is not this service.
    API_UNKNOWN_SERVICE = "A001204", "The service ID in the path is unknown.";
    /// Service management: no service of the service owner has this ID.
    SERVICE_NOT_FOUND = "A001301", "No service of the service owner has this ID.";
    /// Service management: the service the backend serves cannot be deleted.
    SERVICE_DELETE_CONFIGURED = "A001302", "The local backend serves this service's endpoint APIs; it cannot be deleted.";
    /// The body is not valid JSON for the API.
    API_BAD_JSON = "A001205", "The request body is not valid JSON for this API.";
    /// No such API path.
    API_NOT_FOUND = "A001404", "No API exists at this path.";
    /// The body is too large.
    API_TOO_LARGE = "A001413", "The request body is larger than 1 MiB.";
    /// Wrong HTTP method.
    API_METHOD = "A001405", "This API does not accept the HTTP method.";
    /// The in-memory state is full.
    API_CAPACITY = "A000503", "The local backend holds too many live entries; retry later.";
    /// The `patch` query parameter of `/service/configuration` is not a JSON Patch that applies.
    API_BAD_PATCH = "A001207", "The patch is not a JSON Patch (RFC 6902) that applies to the document.";
    /// The DPoP proof of a call with a DPoP-bound service access token is missing or invalid.
    API_DPOP_INVALID = "A001208", "The DPoP proof of the API call is missing or invalid.";
    /// An API of Authlete's specification whose feature the service does not enable.
    API_FEATURE_DISABLED = "A001406", "The service does not enable this feature.";
    /// A management API of Authlete's specification the local backend does not offer.
    API_NOT_OFFERED = "A001403", "The local backend does not offer this API; Authlete's service does.";
    /// An API parameter is missing.
    API_MISSING_PARAMETER = "A001206", "A required request field is missing.";
    /// A write to the data file failed; the backend answers no more calls.
    API_DATA_WRITE = "A001101", "The local backend could not write its data file and answers no more calls; see its log.";

    // /auth/authorization
    /// Authlete: a ticket was issued.
    AUTHZ_TICKET_ISSUED = "A004001", "Authlete has successfully issued a ticket for the authorization request.";
    /// Unknown client.
    AUTHZ_UNKNOWN_CLIENT = "A004301", "The client_id in the authorization request is unknown.";
    /// No client_id.
    AUTHZ_NO_CLIENT_ID = "A004302", "The authorization request does not contain client_id.";
    /// Redirect URI problem.
    AUTHZ_BAD_REDIRECT_URI = "A004303", "The redirect_uri is missing, not registered or not a valid URI.";
    /// Another problem of the request, reported to the client.
    AUTHZ_INVALID_REQUEST = "A004201", "The authorization request is invalid.";
    /// The request is not allowed for the client.
    AUTHZ_UNAUTHORIZED_CLIENT = "A004202", "The client is not allowed to use this response type.";
    /// Unknown response type.
    AUTHZ_UNSUPPORTED_RESPONSE_TYPE = "A004203", "The response_type is not supported.";
    /// Unknown scope.
    AUTHZ_INVALID_SCOPE = "A004204", "The scope contains an unsupported value.";
    /// Bad request_uri.
    AUTHZ_INVALID_REQUEST_URI = "A004205", "The request_uri is unknown, expired or belongs to another client.";
    /// The request object (RFC 9101) is malformed, unsigned, wrongly signed or expired.
    AUTHZ_INVALID_REQUEST_OBJECT = "A004206", "The request object is invalid.";
    /// A `resource` is not an absolute URI without a fragment (RFC 8707 §2).
    AUTHZ_INVALID_TARGET = "A004207", "A resource is not an absolute URI without a fragment.";
    /// Authlete: issue succeeded.
    AUTHZ_ISSUED = "A040001", "The authorization request was processed successfully.";
    /// Unknown or expired ticket.
    AUTHZ_TICKET_UNKNOWN = "A040301", "The ticket is unknown or has expired.";
    /// No subject in issue.
    AUTHZ_NO_SUBJECT = "A040302", "The subject is missing.";
    /// Bad claims JSON in issue.
    AUTHZ_BAD_CLAIMS = "A040303", "The claims are not a JSON object.";
    /// Fail succeeded.
    AUTHZ_FAILED = "A041001", "The error response for the authorization request was built successfully.";

    // /auth/token
    /// Authlete: authorization_code grant processed.
    TOKEN_OK_CODE = "A050001", "The token request (grant_type=authorization_code) was processed successfully.";
    /// Refresh grant processed.
    TOKEN_OK_REFRESH = "A053001", "The token request (grant_type=refresh_token) was processed successfully.";
    /// Authlete: password grant processed.
    TOKEN_PASSWORD = "A054001", "The token request (grant_type=password) was processed successfully.";
    /// Client credentials grant processed.
    TOKEN_OK_CLIENT_CREDENTIALS = "A055001", "The token request (grant_type=client_credentials) was processed successfully.";
    /// Device code grant processed.
    TOKEN_OK_DEVICE = "A057001", "The token request (grant_type=device_code) was processed successfully.";
    /// Client authentication failed.
    TOKEN_INVALID_CLIENT = "A050301", "Client authentication failed.";
    /// A bad token request.
    TOKEN_INVALID_REQUEST = "A050201", "The token request is invalid.";
    /// Bad grant.
    TOKEN_INVALID_GRANT = "A050202", "The grant is invalid, expired, revoked or was issued to another client.";
    /// Unsupported grant type.
    TOKEN_UNSUPPORTED_GRANT = "A050203", "The grant_type is not supported.";
    /// Grant type not allowed for the client.
    TOKEN_UNAUTHORIZED_CLIENT = "A050204", "The client is not allowed to use this grant type.";
    /// Unknown scope.
    TOKEN_INVALID_SCOPE = "A050205", "The scope is invalid.";
    /// A `resource` is not usable or was not granted (RFC 8707 §2.2).
    TOKEN_INVALID_TARGET = "A050206", "The resource is invalid or was not granted.";
    /// Device flow pending.
    TOKEN_PENDING = "A057201", "The end-user has not yet decided (authorization_pending).";
    /// Device flow polled too fast.
    TOKEN_SLOW_DOWN = "A057202", "The client polls too often (slow_down).";
    /// Device code expired.
    TOKEN_EXPIRED = "A057203", "The device code has expired (expired_token).";
    /// Device flow denied.
    TOKEN_DENIED = "A057204", "The end-user denied the request (access_denied).";
    /// A valid token exchange request (RFC 8693): the authorization server issues the token.
    TOKEN_OK_EXCHANGE = "A059001", "The token request (grant_type=urn:ietf:params:oauth:grant-type:token-exchange) is valid; the authorization server issues the token.";
    /// A token exchange request that is invalid, or whose subject or actor token is (RFC 8693 §2.2.2).
    TOKEN_EXCHANGE_INVALID = "A059201", "The token exchange request is invalid.";
    /// A valid JWT bearer grant (RFC 7523): the authorization server issues the token.
    TOKEN_OK_JWT_BEARER = "A051001", "The token request (grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer) is valid; the authorization server issues the token.";
    /// A JWT bearer assertion that is invalid (RFC 7523 §3.1).
    TOKEN_JWT_BEARER_INVALID = "A051202", "The assertion is invalid.";
    /// Token issue ok.
    TOKEN_ISSUE_OK = "A060001", "The token was issued successfully.";
    /// Token issue/fail: bad ticket.
    TOKEN_TICKET_UNKNOWN = "A060301", "The ticket is unknown or has expired.";
    /// Authlete: bad resource owner credentials.
    TOKEN_FAIL_CREDENTIALS = "A067301", "The credentials (username & password) passed to the token endpoint are invalid.";
    /// Other token fail.
    TOKEN_FAIL_OTHER = "A067302", "The token request failed.";

    // /auth/introspection
    /// Authlete: the token is valid.
    INTROSPECTION_OK = "A056001", "The access token is valid.";
    /// No token.
    INTROSPECTION_NO_TOKEN = "A056201", "The request does not contain an access token.";
    /// Unknown token.
    INTROSPECTION_UNKNOWN = "A065301", "The access token does not exist.";
    /// Expired token.
    INTROSPECTION_EXPIRED = "A065302", "The access token has expired.";
    /// Insufficient scope.
    INTROSPECTION_SCOPE = "A065303", "The access token does not cover the required scopes.";
    /// Wrong subject.
    INTROSPECTION_SUBJECT = "A065304", "The access token was not issued for the required subject.";
    /// The token's resources do not include a required one (RFC 8707).
    INTROSPECTION_AUDIENCE = "A065305", "The access token was not issued for the resource (wrong audience).";
    /// The token's ACR is not one of the required values (RFC 9470).
    INTROSPECTION_ACR = "A065306", "The user authentication does not satisfy the required ACR values.";
    /// The user authenticated longer ago than the maximum authentication age (RFC 9470).
    INTROSPECTION_MAX_AGE = "A065307", "The user authentication is older than the maximum authentication age.";
    /// Authlete: standard introspection done.
    STANDARD_INTROSPECTION_OK = "A145001", "Introspection was performed successfully.";
    /// Standard introspection: no token.
    STANDARD_INTROSPECTION_NO_TOKEN = "A145201", "The introspection request does not contain 'token'.";

    // /auth/revocation
    /// Authlete: revoked.
    REVOCATION_OK = "A113001", "The token has been revoked successfully.";
    /// Revocation: no token.
    REVOCATION_NO_TOKEN = "A113201", "The revocation request does not contain 'token'.";
    /// Revocation: bad client.
    REVOCATION_INVALID_CLIENT = "A113301", "Client authentication failed.";

    // /auth/userinfo
    /// Authlete: valid token at userinfo.
    USERINFO_OK = "A091001", "The access token presented at the userinfo endpoint is valid.";
    /// Userinfo without openid scope.
    USERINFO_NO_OPENID = "A091302", "The access token does not cover the 'openid' scope.";
    /// Authlete: userinfo issued.
    USERINFO_ISSUED = "A096001", "An ID token was generated successfully.";
    /// Bad claims JSON at userinfo issue.
    USERINFO_BAD_CLAIMS = "A096201", "The claims are not a JSON object.";

    // /pushed_auth_req
    /// Authlete: PAR registered.
    PAR_CREATED = "A245001", "Successfully registered a request object.";
    /// PAR: bad client.
    PAR_UNAUTHORIZED = "A245301", "Client authentication failed.";

    // /device/*
    /// Authlete: device authorization done.
    DEVICE_AUTH_OK = "A220001", "The device authorization request was processed successfully.";
    /// Device authorization: bad request.
    DEVICE_AUTH_BAD = "A220201", "The device authorization request is invalid.";
    /// Device authorization: bad client.
    DEVICE_AUTH_UNAUTHORIZED = "A220301", "Client authentication failed.";
    /// Authlete: user code valid.
    DEVICE_VERIFICATION_VALID = "A224001", "The user code is valid.";
    /// User code unknown.
    DEVICE_VERIFICATION_NOT_EXIST = "A224301", "The user code does not exist.";
    /// User code expired.
    DEVICE_VERIFICATION_EXPIRED = "A224302", "The user code has expired.";
    /// Device complete ok.
    DEVICE_COMPLETE_OK = "A225001", "The result of the device flow was recorded.";
    /// Device complete: not exist.
    DEVICE_COMPLETE_NOT_EXIST = "A225301", "The user code does not exist.";
    /// Device complete: expired.
    DEVICE_COMPLETE_EXPIRED = "A225302", "The user code has expired.";
    /// Device complete: invalid.
    DEVICE_COMPLETE_INVALID = "A225201", "The device complete request is invalid.";

    /// CIBA grant processed.
    TOKEN_OK_CIBA = "A058001", "The token request (grant_type=urn:openid:params:grant-type:ciba) was processed successfully.";

    // /backchannel/*
    /// Authlete: backchannel request processed.
    CIBA_OK = "A179001", "The backchannel authentication request was processed successfully.";
    /// CIBA is not enabled for the client.
    CIBA_DISABLED = "A179301", "CIBA is not enabled for the client.";
    /// CIBA: client authentication failed.
    CIBA_INVALID_CLIENT = "A179302", "Client authentication failed.";
    /// CIBA: bad request.
    CIBA_BAD_REQUEST = "A179201", "The backchannel authentication request is invalid.";
    /// Authlete: auth_req_id issued.
    CIBA_ISSUED = "A183001", "An auth_req_id was issued successfully.";
    /// CIBA: unknown ticket.
    CIBA_TICKET_UNKNOWN = "A183301", "The ticket is unknown, used or expired.";
    /// Authlete: error response generated.
    CIBA_FAILED = "A185001", "Successfully generated an error response for the backchannel authentication request.";
    /// Authlete: complete recorded.
    CIBA_COMPLETED = "A198001", "Successfully updated the database so that the token endpoint can generate tokens (mode = poll).";

    // /client/*
    /// Authlete: client created.
    REGISTRATION_CREATED = "A202001", "The client was created.";
    /// Registration: got.
    REGISTRATION_OK = "A217001", "The client information has been returned.";
    /// Authlete: updated.
    REGISTRATION_UPDATED = "A213001", "The client has been updated.";
    /// Authlete: deleted.
    REGISTRATION_DELETED = "A216001", "The client has been deleted.";
    /// Registration: bad metadata.
    REGISTRATION_BAD = "A202201", "The client metadata is invalid.";
    /// Registration: bad registration access token.
    REGISTRATION_UNAUTHORIZED = "A202301", "The registration access token is missing or invalid.";
    /// Registration: no initial access token, or one that is not configured.
    REGISTRATION_INITIAL_TOKEN = "A202302", "The initial access token is missing or not accepted.";
    /// client_get, client_delete: unknown.
    CLIENT_NOT_FOUND = "A217301", "No client has this ID.";
    /// Authlete: client secret refreshed.
    CLIENT_SECRET_REFRESHED = "A148001", "Successfully refreshed the client secret.";
    /// Secret refresh: the client is public.
    CLIENT_SECRET_PUBLIC = "A148201", "A public client has no secret.";
    /// Secret refresh: no client has the identifier.
    CLIENT_SECRET_UNKNOWN = "A148301", "No client has the client identifier.";
    /// client_create: the metadata is invalid.
    CLIENT_CREATE_BAD = "A212201", "The client metadata is invalid.";

    // Client administration (client_administration.rs): this backend's own codes.
    /// Secret update: done.
    CLIENT_SECRET_UPDATED = "A149001", "Successfully updated the client secret.";
    /// Secret update: not a valid secret.
    CLIENT_SECRET_BAD = "A149201", "The client secret must be 1 to 86 characters of A-Z, a-z, 0-9, '-' and '_'.";
    /// Client list: bad range.
    CLIENT_LIST_BAD = "A150201", "The client list request is invalid.";
    /// Client update: the metadata is invalid.
    CLIENT_UPDATE_BAD = "A151201", "The client metadata is invalid.";
    /// Lock flag: updated.
    CLIENT_LOCK_UPDATED = "A152001", "The lock flag of the client was updated.";
    /// Lock flag: `clientLocked` missing.
    CLIENT_LOCK_BAD = "A152201", "clientLocked is required.";
    /// Authorization API: the client is locked.
    AUTHZ_CLIENT_LOCKED = "A004304", "The client is locked.";
    /// Granted scopes: found.
    GRANTED_SCOPES_FOUND = "A153001", "The granted scopes were found.";
    /// Granted scopes: the subject has granted the client nothing (or it was forgotten).
    GRANTED_SCOPES_NONE = "A153002", "The subject has granted the client no scopes.";
    /// Granted scopes, client authorizations: no subject.
    SUBJECT_REQUIRED = "A153201", "The subject is required.";
    /// Granted scopes: forgotten.
    GRANTED_SCOPES_DELETED = "A154001", "The granted scopes were deleted.";
    /// Client authorization update: done.
    CLIENT_AUTHORIZATION_UPDATED = "A155001", "The scopes of the subject's tokens at the client were updated.";
    /// Client authorization delete: done.
    CLIENT_AUTHORIZATION_DELETED = "A156001", "The subject's tokens at the client were deleted.";

    // Token management (/auth/token/create, update, delete, revoke, get/list).
    /// Authlete: token created (its example: `[A109001] An access token was created
    /// successfully: authorization_code, client = …`).
    TOKEN_CREATE_OK = "A109001", "An access token was created successfully.";
    /// Create: a field is missing or malformed.
    TOKEN_CREATE_BAD = "A109201", "The token creation request is invalid.";
    /// Create: no client has the ID.
    TOKEN_CREATE_UNKNOWN_CLIENT = "A109301", "No client has the client ID.";
    /// Authlete: token updated.
    TOKEN_UPDATE_OK = "A135001", "Updated the access token successfully.";
    /// Update: a field is missing or malformed.
    TOKEN_UPDATE_BAD = "A135201", "The token update request is invalid.";
    /// Update, delete, revoke: no live token has the identifier.
    TOKEN_NOT_FOUND = "A135301", "No live access token has the identifier.";
    /// Revoke: revoked.
    TOKEN_REVOKE_OK = "A138001", "The tokens were revoked.";
    /// Revoke: no identifier, client or subject.
    TOKEN_REVOKE_BAD = "A138201", "The revocation names no token, client or subject.";
    /// Revoke: no live refresh token has the identifier.
    REFRESH_NOT_FOUND = "A138301", "No live refresh token has the identifier.";
    /// List: bad range or query parameter.
    TOKEN_LIST_BAD = "A139201", "The token list request is invalid.";
    /// List, revoke: no client has the client identifier.
    TOKEN_UNKNOWN_CLIENT = "A139301", "No client has the client identifier.";

    // ID token reissue (/idtoken/reissue) and batch token creation (/auth/token/create/batch):
    // this backend's own codes.
    /// Token API: a refresh-token grant with `openid` when the service lets ID tokens be reissued.
    TOKEN_ID_TOKEN_REISSUABLE = "A053002", "The token request (grant_type=refresh_token) was processed successfully; an ID token can be reissued.";
    /// Reissue: done.
    ID_TOKEN_REISSUED = "A370001", "An ID token was reissued successfully.";
    /// Reissue: `accessToken` or `refreshToken` is missing, or another field is malformed.
    ID_TOKEN_REISSUE_BAD = "A370101", "The ID token reissue request is invalid.";
    /// Reissue: the tokens are unknown, expired, of another grant, or their grant has no ID token.
    ID_TOKEN_REISSUE_TOKENS = "A370102", "The access token and the refresh token are not a live pair of an OpenID grant of a user.";
    /// Reissue: the ID token could not be signed (never expected).
    ID_TOKEN_REISSUE_SIGN = "A370201", "The ID token could not be signed.";
    /// Reissue: the service does not let ID tokens be reissued.
    ID_TOKEN_REISSUE_DISABLED = "A370103", "The service does not let ID tokens be reissued (idTokenReissuable is false).";
    /// Batch: accepted.
    TOKEN_BATCH_ACCEPTED = "A371001", "The batch token creation request was accepted.";
    /// Batch: a request of the batch is invalid.
    TOKEN_BATCH_BAD = "A371201", "The batch token creation request is invalid.";
    /// Batch status: found.
    TOKEN_BATCH_STATUS_OK = "A372001", "The status of the batch token creation was found.";
    /// Batch status: no batch has the request ID.
    TOKEN_BATCH_UNKNOWN = "A372301", "No batch token creation has the request ID.";

    // Sender-constrained tokens (DPoP, RFC 9449; mutual TLS, RFC 8705): this backend's own codes.
    /// Token API: the DPoP proof is invalid.
    TOKEN_DPOP_INVALID = "A050290", "The DPoP proof is invalid.";
    /// Token API: the DPoP proof lacks the server nonce.
    TOKEN_DPOP_NONCE = "A050291", "The DPoP proof must carry the nonce the server issued.";
    /// Token API: the refresh token is bound to another DPoP key.
    TOKEN_DPOP_REFRESH = "A050292", "The refresh token is bound to a DPoP key the request does not prove.";
    /// Token API: the certificate-bound client gave no usable client certificate.
    TOKEN_CERTIFICATE = "A050293", "The client must present its TLS client certificate.";
    /// Resource APIs: a DPoP-bound token without a proof.
    RESOURCE_DPOP_MISSING = "A065390", "The access token is bound to a DPoP key; a DPoP proof is required.";
    /// Resource APIs: the DPoP proof is invalid.
    RESOURCE_DPOP_INVALID = "A065391", "The DPoP proof is invalid.";
    /// Resource APIs: the proof is signed by another key than the token's.
    RESOURCE_DPOP_KEY = "A065392", "The DPoP proof is not signed by the key the access token is bound to.";
    /// Resource APIs: the DPoP proof lacks the server nonce.
    RESOURCE_DPOP_NONCE = "A065393", "The DPoP proof must carry the nonce the server issued.";
    /// Resource APIs: the certificate is missing or not the one the token is bound to.
    RESOURCE_CERTIFICATE = "A065394", "The access token is bound to another client certificate.";
    /// PAR: the DPoP proof is invalid.
    PAR_DPOP_INVALID = "A245290", "The DPoP proof is invalid.";
    /// PAR: the DPoP proof lacks the server nonce.
    PAR_DPOP_NONCE = "A245291", "The DPoP proof must carry the nonce the server issued.";
    /// The map of recent DPoP proofs is full.
    DPOP_CAPACITY = "A000504", "The local backend holds too many recent DPoP proofs; retry later.";
    /// Ticket info API: the ticket's information.
    TICKET_INFO_OK = "A405001", "The information about the ticket was obtained successfully.";
    /// Ticket info and update APIs: no ticket given.
    TICKET_INFO_MISSING = "A405101", "The request does not contain a ticket.";
    /// Ticket info and update APIs: the ticket is unknown, used or expired.
    TICKET_INFO_UNKNOWN = "A405301", "The ticket is unknown, used or expired.";
    /// Ticket update API: the information was replaced.
    TICKET_UPDATE_OK = "A406001", "The information about the ticket was updated successfully.";
    /// Ticket update API: no information given.
    TICKET_UPDATE_NO_INFO = "A406101", "The request does not contain the information about the ticket.";

    // Grant Management for OAuth 2.0 (`/gm`, and the authorization request's parameters): this
    // backend's own codes.
    /// Authorization: `grant_management_action` is not `create`, `merge` or `replace`, is
    /// missing where the service requires it, or does not agree with `grant_id`.
    AUTHZ_GM_ACTION = "A004290", "The grant_management_action or grant_id request parameter is invalid.";
    /// Authorization: the `grant_id` is unknown or belongs to another client.
    AUTHZ_GM_GRANT_ID = "A004291", "The grant_id is unknown or belongs to another client.";
    /// `/gm` QUERY: the grant.
    GM_QUERY_OK = "A337001", "The grant was found.";
    /// `/gm` REVOKE: the grant and its tokens are revoked.
    GM_REVOKE_OK = "A337002", "The grant and its tokens were revoked.";
    /// `/gm`: no `gmAction` (or one other than QUERY and REVOKE), or no `grantId`.
    GM_BAD_REQUEST = "A337101", "The grant management request needs gmAction QUERY or REVOKE and a grantId.";
    /// `/gm`: the access token was issued to another client than the grant's.
    GM_FORBIDDEN = "A337301", "The access token cannot be used to manage the grant.";
    /// `/gm`: no grant has the ID.
    GM_NOT_FOUND = "A337302", "No grant has the grant ID.";
    /// Token API: a Native SSO code or token exchange; the server calls `/nativesso`.
    TOKEN_NATIVE_SSO = "A050002", "The token request is a Native SSO request; call the /nativesso API.";
    /// Native SSO API (*Authlete*): the ID token and the token response were made.
    NATIVE_SSO_OK = "A501001", "A Native SSO-compliant ID token and a token response were generated successfully.";
    /// Native SSO API: a missing or wrong request parameter.
    NATIVE_SSO_BAD = "A501101", "The /nativesso API call is invalid.";
    /// Native SSO API: the ID token could not be signed.
    NATIVE_SSO_INTERNAL = "A501201", "The ID token could not be signed.";
    /// Native SSO logout API (*Authlete*): the session's tokens were deleted.
    NATIVE_SSO_LOGOUT_OK = "A503001", "The /nativesso/logout API call successfully deleted the access/refresh token records.";
    /// Native SSO logout API: no session ID.
    NATIVE_SSO_LOGOUT_BAD = "A503101", "The /nativesso/logout API call is invalid.";
    /// Authorization issue API: Native SSO is requested but no session ID is given.
    AUTHZ_NO_SESSION = "A040304", "sessionId is required because the authorization request asks for Native SSO.";

    // Back-Channel Logout (`/backchannel/logout/token`): this backend's own codes.
    /// Logout token API: the token was made.
    LOGOUT_TOKEN_OK = "A380001", "A logout token was generated successfully.";
    /// Logout token API: a missing request parameter.
    LOGOUT_TOKEN_BAD = "A380101", "The /backchannel/logout/token API call is invalid.";
    /// Logout token API: no client has the identifier.
    LOGOUT_TOKEN_NO_CLIENT = "A380102", "No client has the client identifier.";
    /// Logout token API: the token could not be signed.
    LOGOUT_TOKEN_SIGN = "A380201", "The logout token could not be signed.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in ALL {
            assert!(seen.insert(code.code), "duplicate {}", code.code);
            assert_eq!(code.code.len(), 7);
            assert!(code.code.starts_with('A'));
        }
        assert_eq!(
            INTROSPECTION_OK.message(),
            "[A056001] The access token is valid."
        );
    }
}
