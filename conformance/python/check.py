"""Authlete's official Python SDK (`authlete`, `authlete-django`) against `authlete-local`.

Drives the local backend the way Authlete's Django sample (django-oauth-server) does: the SDK's
`AuthleteApiImpl` for the API calls and authlete-django's request handlers for the endpoints,
with Django's integer `user.id` as the subject. Runs every check on API v2 and on API v3, prints
one line per check and a final `N passed, M failed` line; exits non-zero on any failure.

    python check.py --server target/debug/authlete-local

No code of the project runs on this side: the server is the only part under test.
"""

import argparse
import base64
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse

import django
from django.conf import settings

settings.configure(DEFAULT_CHARSET="utf-8", ALLOWED_HOSTS=["*"], USE_TZ=True)
django.setup()

from django.test import RequestFactory  # noqa: E402

from authlete.api.authlete_api_exception import AuthleteApiException  # noqa: E402
from authlete.api.authlete_api_impl import AuthleteApiImpl  # noqa: E402
from authlete.conf.authlete_configuration import AuthleteConfiguration  # noqa: E402
from authlete.django.handler.authorization_request_decision_handler import (  # noqa: E402
    AuthorizationRequestDecisionHandler,
)
from authlete.django.handler.configuration_request_handler import (  # noqa: E402
    ConfigurationRequestHandler,
)
from authlete.django.handler.federation_configuration_request_handler import (  # noqa: E402
    FederationConfigurationRequestHandler,
)
from authlete.django.handler.jwks_request_handler import JwksRequestHandler  # noqa: E402
from authlete.django.handler.revocation_request_handler import (  # noqa: E402
    RevocationRequestHandler,
)
from authlete.django.handler.spi.authorization_request_decision_handler_spi_adapter import (  # noqa: E402
    AuthorizationRequestDecisionHandlerSpiAdapter,
)
from authlete.django.handler.spi.token_request_handler_spi_adapter import (  # noqa: E402
    TokenRequestHandlerSpiAdapter,
)
from authlete.django.handler.spi.userinfo_request_handler_spi_adapter import (  # noqa: E402
    UserInfoRequestHandlerSpiAdapter,
)
from authlete.django.handler.token_request_handler import TokenRequestHandler  # noqa: E402
from authlete.django.handler.userinfo_request_handler import (  # noqa: E402
    UserInfoRequestHandler,
)
from authlete.django.web.access_token_validator import AccessTokenValidator  # noqa: E402
from authlete.dto.authorization_action import AuthorizationAction  # noqa: E402
from authlete.dto.authorization_request import AuthorizationRequest  # noqa: E402

# The local backend's demo configuration (docs/local-backend.md).
SERVICE_API_KEY = "1000"
SERVICE_API_SECRET = "local-secret"
SERVICE_ACCESS_TOKEN = "local-token"
CLIENT_ID = "2000"
CLIENT_SECRET = "demo-secret"
REDIRECT_URI = "http://localhost:8000/api/mock/redirection"
# Django's auto-increment primary key: an int, which the SDK sends as a JSON number.
USER_ID = 1

RESULTS = {"passed": 0, "failed": 0}


def check(name, condition, detail=""):
    if condition:
        RESULTS["passed"] += 1
        print(f"ok     {name}")
    else:
        RESULTS["failed"] += 1
        print(f"FAILED {name}{': ' + detail if detail else ''}")
    return condition


def run(name, function):
    """Runs one check; an exception is a failure that names the API's message."""
    try:
        function()
    except AuthleteApiException as error:
        check(name, False, f"{error.message} (HTTP {error.response.status_code if error.response is not None else '-'})")
    except Exception as error:  # any other failure is reported, not raised
        check(name, False, f"{type(error).__name__}: {error}")


class DecisionSpi(AuthorizationRequestDecisionHandlerSpiAdapter):
    """The Django sample's decision SPI: the logged-in user authorized the client."""

    def isClientAuthorized(self):
        return True

    def getUserSubject(self):
        return USER_ID

    def getUserAuthenticatedAt(self):
        return int(time.time())

    def getUserClaimValue(self, subject, claimName, languageTag):
        return {"name": "John Smith", "email": "john@example.com"}.get(claimName)


class DenySpi(AuthorizationRequestDecisionHandlerSpiAdapter):
    pass


class TokenSpi(TokenRequestHandlerSpiAdapter):
    """The Django sample's token SPI: Django's authenticate() gives a user whose id is an int."""

    def authenticateUser(self, username, password):
        return USER_ID if (username, password) == ("john", "john") else None


class UserInfoSpi(UserInfoRequestHandlerSpiAdapter):
    def getUserClaimValue(self, subject, claimName, languageTag):
        return {"name": "John Smith", "email": "john@example.com"}.get(claimName)


def basic(client_id=CLIENT_ID, secret=CLIENT_SECRET):
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def pkce():
    verifier = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def query_of(location):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))


def suite(api, version):
    factory = RequestFactory()
    tag = f"[{version}]"
    state = {}

    def configuration():
        response = ConfigurationRequestHandler(api).handle(factory.get("/.well-known/openid-configuration"))
        document = json.loads(response.content)
        check(f"{tag} discovery through ConfigurationRequestHandler (POST /service/configuration)",
              response.status_code == 200 and "issuer" in document and "token_endpoint" in document,
              f"HTTP {response.status_code}")

    def jwks():
        response = JwksRequestHandler(api).handle(factory.get("/api/jwks"))
        keys = json.loads(response.content).get("keys", [])
        check(f"{tag} JWK Set through JwksRequestHandler", response.status_code == 200 and len(keys) > 0,
              f"HTTP {response.status_code}")

    def federation():
        response = FederationConfigurationRequestHandler(api).handle()
        check(f"{tag} federation disabled: FederationConfigurationRequestHandler answers 404",
              response.status_code == 404, f"HTTP {response.status_code}")

    def authorize(spi=None):
        verifier, challenge = pkce()
        parameters = urllib.parse.urlencode({
            "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
            "scope": "openid profile email", "state": "xyz", "nonce": "n-0S6",
            "code_challenge": challenge, "code_challenge_method": "S256",
        })
        response = api.authorization(AuthorizationRequest({"parameters": parameters}))
        return response, verifier

    def code_flow():
        response, verifier = authorize()
        if not check(f"{tag} /auth/authorization answers INTERACTION with a ticket",
                     response.action == AuthorizationAction.INTERACTION and bool(response.ticket),
                     f"action {response.action}"):
            return
        claims = response.claims
        decision = AuthorizationRequestDecisionHandler(api, DecisionSpi()).handle(
            response.ticket, claims, response.claimsLocales)
        location = decision.get("Location", "")
        params = query_of(location)
        if not check(f"{tag} decision with an integer subject issues a code (302)",
                     decision.status_code == 302 and "code" in params and params.get("state") == "xyz",
                     f"HTTP {decision.status_code} {decision.content[:200]!r}"):
            return
        body = urllib.parse.urlencode({
            "grant_type": "authorization_code", "code": params["code"],
            "redirect_uri": REDIRECT_URI, "code_verifier": verifier,
        })
        request = factory.post("/api/token", body, content_type="application/x-www-form-urlencoded",
                               HTTP_AUTHORIZATION=basic())
        token = TokenRequestHandler(api, TokenSpi()).handle(request)
        answer = json.loads(token.content)
        if not check(f"{tag} TokenRequestHandler exchanges the code (client_secret_basic)",
                     token.status_code == 200 and "access_token" in answer and "id_token" in answer,
                     f"HTTP {token.status_code} {answer.get('error')}"):
            return
        check(f"{tag} token response carries Cache-Control: no-store",
              "no-store" in token.get("Cache-Control", ""))
        state["access_token"] = answer["access_token"]
        state["refresh_token"] = answer.get("refresh_token")

    def introspect():
        validator = AccessTokenValidator(api)
        valid = validator.validate(state["access_token"], ["profile"])
        response = validator.introspectionResponse
        check(f"{tag} AccessTokenValidator accepts the token and reports the subject '1'",
              valid and response is not None and str(response.subject) == str(USER_ID),
              f"valid={valid}")
        check(f"{tag} AccessTokenValidator refuses a scope that was not granted",
              not AccessTokenValidator(api).validate(state["access_token"], ["address"]))

    def userinfo():
        request = factory.get("/api/userinfo", HTTP_AUTHORIZATION="Bearer " + state["access_token"])
        response = UserInfoRequestHandler(api, UserInfoSpi()).handle(request)
        claims = json.loads(response.content) if response.status_code == 200 else {}
        check(f"{tag} UserInfoRequestHandler answers the claims with sub '1'",
              response.status_code == 200 and claims.get("sub") == str(USER_ID) and claims.get("name") == "John Smith",
              f"HTTP {response.status_code} {response.content[:200]!r}")

    def refresh():
        body = urllib.parse.urlencode({"grant_type": "refresh_token", "refresh_token": state["refresh_token"]})
        request = factory.post("/api/token", body, content_type="application/x-www-form-urlencoded",
                               HTTP_AUTHORIZATION=basic())
        response = TokenRequestHandler(api, TokenSpi()).handle(request)
        answer = json.loads(response.content)
        check(f"{tag} refresh_token grant", response.status_code == 200 and "access_token" in answer,
              f"HTTP {response.status_code} {answer.get('error')}")

    def revoke():
        body = urllib.parse.urlencode({"token": state["access_token"]})
        request = factory.post("/api/revocation", body, content_type="application/x-www-form-urlencoded",
                               HTTP_AUTHORIZATION=basic())
        response = RevocationRequestHandler(api).handle(request)
        check(f"{tag} RevocationRequestHandler revokes the access token", response.status_code == 200,
              f"HTTP {response.status_code}")
        check(f"{tag} the revoked token no longer validates",
              not AccessTokenValidator(api).validate(state["access_token"]))

    def denied():
        response, _ = authorize()
        decision = AuthorizationRequestDecisionHandler(api, DenySpi()).handle(
            response.ticket, response.claims, response.claimsLocales)
        params = query_of(decision.get("Location", ""))
        check(f"{tag} a denied decision redirects with error=access_denied",
              decision.status_code == 302 and params.get("error") == "access_denied",
              f"HTTP {decision.status_code}")

    def password():
        body = urllib.parse.urlencode({"grant_type": "password", "username": "john", "password": "john",
                                       "scope": "profile"})
        request = factory.post("/api/token", body, content_type="application/x-www-form-urlencoded",
                               HTTP_AUTHORIZATION=basic())
        response = TokenRequestHandler(api, TokenSpi()).handle(request)
        answer = json.loads(response.content)
        check(f"{tag} password grant: /auth/token/issue with an integer subject",
              response.status_code == 200 and "access_token" in answer,
              f"HTTP {response.status_code} {answer.get('error')} {answer.get('error_description')}")
        body = urllib.parse.urlencode({"grant_type": "password", "username": "john", "password": "wrong"})
        request = factory.post("/api/token", body, content_type="application/x-www-form-urlencoded",
                               HTTP_AUTHORIZATION=basic())
        response = TokenRequestHandler(api, TokenSpi()).handle(request)
        answer = json.loads(response.content)
        check(f"{tag} password grant: a wrong password is invalid_grant (/auth/token/fail)",
              response.status_code == 400 and answer.get("error") == "invalid_grant",
              f"HTTP {response.status_code} {answer.get('error')}")

    def client_credentials():
        body = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "profile"})
        request = factory.post("/api/token", body, content_type="application/x-www-form-urlencoded",
                               HTTP_AUTHORIZATION=basic())
        response = TokenRequestHandler(api, TokenSpi()).handle(request)
        check(f"{tag} client_credentials grant", response.status_code == 200, f"HTTP {response.status_code}")
        request = factory.post("/api/token", body, content_type="application/x-www-form-urlencoded",
                               HTTP_AUTHORIZATION=basic(secret="wrong"))
        response = TokenRequestHandler(api, TokenSpi()).handle(request)
        check(f"{tag} a wrong client secret is 401 with Basic realm",
              response.status_code == 401 and response.get("WWW-Authenticate", "").startswith("Basic"),
              f"HTTP {response.status_code}")

    for name, function in [
        ("discovery", configuration), ("jwks", jwks), ("federation", federation),
        ("code flow", code_flow),
    ]:
        run(f"{tag} {name}", function)
    if "access_token" in state:
        for name, function in [("introspection", introspect), ("userinfo", userinfo),
                               ("refresh", refresh), ("revocation", revoke)]:
            run(f"{tag} {name}", function)
    else:
        check(f"{tag} token-dependent checks", False, "no access token from the code flow")
    for name, function in [("denied", denied), ("password", password),
                           ("client credentials", client_credentials)]:
        run(f"{tag} {name}", function)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, process, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"authlete-local exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("authlete-local did not start listening in time")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="path of the authlete-local binary")
    args = parser.parse_args()
    port = free_port()
    process = subprocess.Popen([args.server, "--listen", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port, process)
        base_url = f"http://127.0.0.1:{port}"
        v2 = AuthleteApiImpl(AuthleteConfiguration({
            "apiVersion": "V2", "baseUrl": base_url,
            "serviceApiKey": SERVICE_API_KEY, "serviceApiSecret": SERVICE_API_SECRET,
        }))
        v3 = AuthleteApiImpl(AuthleteConfiguration({
            "apiVersion": "V3", "baseUrl": base_url,
            "serviceApiKey": SERVICE_API_KEY, "serviceAccessToken": SERVICE_ACCESS_TOKEN,
        }))
        suite(v2, "v2")
        suite(v3, "v3")
    finally:
        process.terminate()
        process.wait(timeout=10)
    print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
    sys.exit(1 if RESULTS["failed"] else 0)


if __name__ == "__main__":
    main()
