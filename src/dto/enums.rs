//! Authlete's enumerations. Each keeps values it does not know as `Other(String)`, so that a
//! value Authlete adds later never breaks parsing.

use crate::dto::string_enum::string_enum;

string_enum! {
    /// The `ApplicationType` values Authlete defines.
    ApplicationType {
        Web => "WEB",
        Native => "NATIVE",
    }
}

string_enum! {
    /// The `AuthorizationAction` values Authlete defines.
    AuthorizationAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Location => "LOCATION",
        Form => "FORM",
        NoInteraction => "NO_INTERACTION",
        Interaction => "INTERACTION",
    }
}

string_enum! {
    /// The `AuthorizationFailReason` values Authlete defines.
    AuthorizationFailReason {
        Unknown => "UNKNOWN",
        NotLoggedIn => "NOT_LOGGED_IN",
        MaxAgeNotSupported => "MAX_AGE_NOT_SUPPORTED",
        ExceedsMaxAge => "EXCEEDS_MAX_AGE",
        DifferentSubject => "DIFFERENT_SUBJECT",
        AcrNotSatisfied => "ACR_NOT_SATISFIED",
        Denied => "DENIED",
        ServerError => "SERVER_ERROR",
        NotAuthenticated => "NOT_AUTHENTICATED",
        AccountSelectionRequired => "ACCOUNT_SELECTION_REQUIRED",
        ConsentRequired => "CONSENT_REQUIRED",
        InteractionRequired => "INTERACTION_REQUIRED",
        InvalidTarget => "INVALID_TARGET",
    }
}

string_enum! {
    /// The `AuthorizationIssueAction` values Authlete defines.
    AuthorizationIssueAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Location => "LOCATION",
        Form => "FORM",
    }
}

string_enum! {
    /// The `AuthorizationTicketAction` values Authlete defines.
    AuthorizationTicketAction {
        Ok => "OK",
        NotFound => "NOT_FOUND",
        CallerError => "CALLER_ERROR",
        AuthleteError => "AUTHLETE_ERROR",
    }
}

string_enum! {
    /// The `BackchannelAuthenticationAction` values Authlete defines.
    BackchannelAuthenticationAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Unauthorized => "UNAUTHORIZED",
        UserIdentification => "USER_IDENTIFICATION",
    }
}

string_enum! {
    /// The `BackchannelAuthenticationCompleteAction` values Authlete defines.
    BackchannelAuthenticationCompleteAction {
        ServerError => "SERVER_ERROR",
        NoAction => "NO_ACTION",
        Notification => "NOTIFICATION",
    }
}

string_enum! {
    /// The `BackchannelAuthenticationCompleteResult` values Authlete defines.
    BackchannelAuthenticationCompleteResult {
        TransactionFailed => "TRANSACTION_FAILED",
        AccessDenied => "ACCESS_DENIED",
        Authorized => "AUTHORIZED",
    }
}

string_enum! {
    /// The `BackchannelAuthenticationFailAction` values Authlete defines.
    BackchannelAuthenticationFailAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Forbidden => "FORBIDDEN",
    }
}

string_enum! {
    /// The `BackchannelAuthenticationFailReason` values Authlete defines.
    BackchannelAuthenticationFailReason {
        AccessDenied => "ACCESS_DENIED",
        ExpiredLoginHintToken => "EXPIRED_LOGIN_HINT_TOKEN",
        InvalidBindingMessage => "INVALID_BINDING_MESSAGE",
        InvalidTarget => "INVALID_TARGET",
        InvalidUserCode => "INVALID_USER_CODE",
        MissingUserCode => "MISSING_USER_CODE",
        ServerError => "SERVER_ERROR",
        UnauthorizedClient => "UNAUTHORIZED_CLIENT",
        UnknownUserId => "UNKNOWN_USER_ID",
    }
}

string_enum! {
    /// The `BackchannelAuthenticationIssueAction` values Authlete defines.
    BackchannelAuthenticationIssueAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        InvalidTicket => "INVALID_TICKET",
        Ok => "OK",
    }
}

string_enum! {
    /// The `ClientAuthMethod` values Authlete defines.
    ClientAuthMethod {
        None => "NONE",
        ClientSecretBasic => "CLIENT_SECRET_BASIC",
        ClientSecretPost => "CLIENT_SECRET_POST",
        ClientSecretJwt => "CLIENT_SECRET_JWT",
        PrivateKeyJwt => "PRIVATE_KEY_JWT",
        TlsClientAuth => "TLS_CLIENT_AUTH",
        SelfSignedTlsClientAuth => "SELF_SIGNED_TLS_CLIENT_AUTH",
        AttestJwtClientAuth => "ATTEST_JWT_CLIENT_AUTH",
    }
}

string_enum! {
    /// The `ClientRegistrationAction` values Authlete defines.
    ClientRegistrationAction {
        BadRequest => "BAD_REQUEST",
        Created => "CREATED",
        Deleted => "DELETED",
        InternalServerError => "INTERNAL_SERVER_ERROR",
        Ok => "OK",
        Unauthorized => "UNAUTHORIZED",
        Updated => "UPDATED",
    }
}

string_enum! {
    /// The `ClientType` values Authlete defines.
    ClientType {
        Public => "PUBLIC",
        Confidential => "CONFIDENTIAL",
    }
}

string_enum! {
    /// The `DeliveryMode` values Authlete defines.
    DeliveryMode {
        Ping => "PING",
        Poll => "POLL",
        Push => "PUSH",
    }
}

string_enum! {
    /// The `DeviceAuthorizationAction` values Authlete defines.
    DeviceAuthorizationAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Unauthorized => "UNAUTHORIZED",
        Ok => "OK",
    }
}

string_enum! {
    /// The `DeviceCompleteAction` values Authlete defines.
    DeviceCompleteAction {
        ServerError => "SERVER_ERROR",
        UserCodeNotExist => "USER_CODE_NOT_EXIST",
        UserCodeExpired => "USER_CODE_EXPIRED",
        InvalidRequest => "INVALID_REQUEST",
        Success => "SUCCESS",
    }
}

string_enum! {
    /// The `DeviceCompleteResult` values Authlete defines.
    DeviceCompleteResult {
        TransactionFailed => "TRANSACTION_FAILED",
        AccessDenied => "ACCESS_DENIED",
        Authorized => "AUTHORIZED",
    }
}

string_enum! {
    /// The `DeviceVerificationAction` values Authlete defines.
    DeviceVerificationAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        NotExist => "NOT_EXIST",
        Expired => "EXPIRED",
        Valid => "VALID",
        ServerError => "SERVER_ERROR",
    }
}

string_enum! {
    /// The `Display` values Authlete defines.
    Display {
        Page => "PAGE",
        Popup => "POPUP",
        Touch => "TOUCH",
        Wap => "WAP",
    }
}

string_enum! {
    /// The `GmAction` values Authlete defines.
    GmAction {
        Ok => "OK",
        NoContent => "NO_CONTENT",
        Unauthorized => "UNAUTHORIZED",
        Forbidden => "FORBIDDEN",
        NotFound => "NOT_FOUND",
        CallerError => "CALLER_ERROR",
        AuthleteError => "AUTHLETE_ERROR",
    }
}

string_enum! {
    /// The `GrantManagementAction` values Authlete defines.
    GrantManagementAction {
        Create => "CREATE",
        Query => "QUERY",
        Replace => "REPLACE",
        Revoke => "REVOKE",
        Merge => "MERGE",
    }
}

string_enum! {
    /// The `GrantType` values Authlete defines.
    GrantType {
        AuthorizationCode => "AUTHORIZATION_CODE",
        Implicit => "IMPLICIT",
        Password => "PASSWORD",
        ClientCredentials => "CLIENT_CREDENTIALS",
        RefreshToken => "REFRESH_TOKEN",
        Ciba => "CIBA",
        DeviceCode => "DEVICE_CODE",
        TokenExchange => "TOKEN_EXCHANGE",
        JwtBearer => "JWT_BEARER",
        PreAuthorizedCode => "PRE_AUTHORIZED_CODE",
    }
}

string_enum! {
    /// The `IdTokenReissueAction` values Authlete defines.
    IdTokenReissueAction {
        Ok => "OK",
        InternalServerError => "INTERNAL_SERVER_ERROR",
        CallerError => "CALLER_ERROR",
    }
}

string_enum! {
    /// The `IntrospectionAction` values Authlete defines.
    IntrospectionAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Unauthorized => "UNAUTHORIZED",
        Forbidden => "FORBIDDEN",
        Ok => "OK",
    }
}

string_enum! {
    /// The `JwsAlg` values Authlete defines.
    JwsAlg {
        None => "NONE",
        Hs256 => "HS256",
        Hs384 => "HS384",
        Hs512 => "HS512",
        Rs256 => "RS256",
        Rs384 => "RS384",
        Rs512 => "RS512",
        Es256 => "ES256",
        Es384 => "ES384",
        Es512 => "ES512",
        Ps256 => "PS256",
        Ps384 => "PS384",
        Ps512 => "PS512",
        Es256k => "ES256K",
        EdDsa => "EdDSA",
    }
}

string_enum! {
    /// The `NativeSsoAction` values Authlete defines.
    NativeSsoAction {
        Ok => "OK",
        InternalServerError => "INTERNAL_SERVER_ERROR",
        CallerError => "CALLER_ERROR",
    }
}

string_enum! {
    /// The `NativeSsoLogoutAction` values Authlete defines.
    NativeSsoLogoutAction {
        Ok => "OK",
        ServerError => "SERVER_ERROR",
        CallerError => "CALLER_ERROR",
    }
}

string_enum! {
    /// The `Prompt` values Authlete defines.
    Prompt {
        None => "NONE",
        Login => "LOGIN",
        Consent => "CONSENT",
        SelectAccount => "SELECT_ACCOUNT",
        Create => "CREATE",
    }
}

string_enum! {
    /// The `PushedAuthorizationAction` values Authlete defines.
    PushedAuthorizationAction {
        Created => "CREATED",
        BadRequest => "BAD_REQUEST",
        Unauthorized => "UNAUTHORIZED",
        Forbidden => "FORBIDDEN",
        PayloadTooLarge => "PAYLOAD_TOO_LARGE",
        InternalServerError => "INTERNAL_SERVER_ERROR",
    }
}

string_enum! {
    /// The `ResponseType` values Authlete defines.
    ResponseType {
        None => "NONE",
        Code => "CODE",
        Token => "TOKEN",
        IdToken => "ID_TOKEN",
        CodeToken => "CODE_TOKEN",
        CodeIdToken => "CODE_ID_TOKEN",
        IdTokenToken => "ID_TOKEN_TOKEN",
        CodeIdTokenToken => "CODE_ID_TOKEN_TOKEN",
    }
}

string_enum! {
    /// The `RevocationAction` values Authlete defines.
    RevocationAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        InvalidClient => "INVALID_CLIENT",
        BadRequest => "BAD_REQUEST",
        Ok => "OK",
    }
}

string_enum! {
    /// The `StandardIntrospectionAction` values Authlete defines.
    StandardIntrospectionAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Ok => "OK",
        Jwt => "JWT",
    }
}

string_enum! {
    /// The `SubjectType` values Authlete defines.
    SubjectType {
        Public => "PUBLIC",
        Pairwise => "PAIRWISE",
    }
}

string_enum! {
    /// The `TokenAction` values Authlete defines.
    TokenAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        InvalidClient => "INVALID_CLIENT",
        BadRequest => "BAD_REQUEST",
        Password => "PASSWORD",
        Ok => "OK",
        TokenExchange => "TOKEN_EXCHANGE",
        JwtBearer => "JWT_BEARER",
        NativeSso => "NATIVE_SSO",
        IdTokenReissuable => "ID_TOKEN_REISSUABLE",
    }
}

string_enum! {
    /// The `TokenBatchKind` values Authlete defines.
    TokenBatchKind {
        Create => "CREATE",
    }
}

string_enum! {
    /// The `TokenBatchResult` values Authlete defines.
    TokenBatchResult {
        Succeeded => "SUCCEEDED",
        Failed => "FAILED",
    }
}

string_enum! {
    /// The `TokenCreateAction` values Authlete defines.
    TokenCreateAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Forbidden => "FORBIDDEN",
        Ok => "OK",
    }
}

string_enum! {
    /// The `TokenFailAction` values Authlete defines.
    TokenFailAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
    }
}

string_enum! {
    /// The `TokenFailReason` values Authlete defines.
    TokenFailReason {
        Unknown => "UNKNOWN",
        InvalidResourceOwnerCredentials => "INVALID_RESOURCE_OWNER_CREDENTIALS",
        InvalidTarget => "INVALID_TARGET",
    }
}

string_enum! {
    /// The `TokenIssueAction` values Authlete defines.
    TokenIssueAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        Ok => "OK",
    }
}

string_enum! {
    /// The `TokenType` values Authlete defines.
    TokenType {
        Jwt => "JWT",
        AccessToken => "ACCESS_TOKEN",
        RefreshToken => "REFRESH_TOKEN",
        IdToken => "ID_TOKEN",
        Saml1 => "SAML1",
        Saml2 => "SAML2",
        DeviceSecret => "DEVICE_SECRET",
        DeviceCode => "DEVICE_CODE",
        TokenExchange => "TOKEN_EXCHANGE",
        JwtBearer => "JWT_BEARER",
    }
}

string_enum! {
    /// The `TokenUpdateAction` values Authlete defines.
    TokenUpdateAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Forbidden => "FORBIDDEN",
        NotFound => "NOT_FOUND",
        Ok => "OK",
    }
}

string_enum! {
    /// The `UserInfoAction` values Authlete defines.
    UserInfoAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Unauthorized => "UNAUTHORIZED",
        Forbidden => "FORBIDDEN",
        Ok => "OK",
    }
}

string_enum! {
    /// The `UserInfoIssueAction` values Authlete defines.
    UserInfoIssueAction {
        InternalServerError => "INTERNAL_SERVER_ERROR",
        BadRequest => "BAD_REQUEST",
        Unauthorized => "UNAUTHORIZED",
        Forbidden => "FORBIDDEN",
        Json => "JSON",
        Jwt => "JWT",
    }
}
