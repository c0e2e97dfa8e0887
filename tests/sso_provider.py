"""A real OpenID Connect provider on loopback for the SSO tests (oidc-provider-mock).

It runs in a process of its own (its Authlib use warns about deprecations, which the
test run turns into errors), on a free port of 127.0.0.1. The tests register KenMe as a
client, set the claims a subject gets, and answer the provider's login form over real HTTP.
Claims such as ``iss``, ``aud``, ``exp`` or ``nonce`` set on a subject override the ones the
provider would put in the ID token, which the provider then signs with its own key: that is
how the tests get a wrong issuer, a wrong audience, an expired token or a wrong nonce.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import requests

SERVER = """
import logging
from werkzeug.serving import make_server
import oidc_provider_mock

logging.getLogger("werkzeug").setLevel(logging.WARNING)

app = oidc_provider_mock.app(require_client_registration=True, require_nonce=True)
server = make_server("127.0.0.1", 0, app, threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
"""
TIMEOUT = 10


@dataclass
class Provider:
    """A running provider and KenMe's registration at it."""

    url: str
    client_id: str
    client_secret: str

    @property
    def metadata_url(self) -> str:
        return self.url + "/.well-known/openid-configuration"

    def register(self, redirect_uris: list[str]) -> tuple[str, str]:
        """Register another client with these redirect URIs; return its id and secret."""
        return register(self.url, redirect_uris)

    def set_user(self, sub: str, claims: dict) -> None:
        """Give this subject these claims (they go into the ID token as they are)."""
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=TIMEOUT)
        assert response.status_code == 204, response.text

    def log_in(self, authorize_url: str, sub: str) -> str:
        """Log in at the provider as this subject; return the redirect back to KenMe."""
        assert authorize_url.startswith(self.url + "/oauth2/authorize?"), authorize_url
        response = requests.post(
            authorize_url, data={"sub": sub}, allow_redirects=False, timeout=TIMEOUT
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def connections(self, **extra) -> dict:
        """SSO_CONNECTIONS for KenMe: a single-tenant one and an Entra-style multi-tenant one."""
        common = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "metadata_url": self.metadata_url,
        }
        return {
            "gemeente": {"label": "Gemeente Testdam", **common},
            "entra": {
                "label": "Microsoft (Entra ID)",
                "issuer_template": self.url + "/{tenantid}/v2.0",
                **common,
            },
            **extra,
        }


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def start_provider(redirect_uris: list[str]):
    """Start the provider process and register KenMe; return (process, Provider)."""
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True
    )
    try:
        port = int(process.stdout.readline())
        url = f"http://127.0.0.1:{port}"
        client_id, secret = register(url, redirect_uris)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process, Provider(url, client_id, secret)


def register(url: str, redirect_uris: list[str]) -> tuple[str, str]:
    """Dynamic client registration at the provider: KenMe's client id and secret."""
    response = requests.post(
        url + "/oauth2/clients", json={"redirect_uris": redirect_uris}, timeout=TIMEOUT
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return body["client_id"], body["client_secret"]


def stop_provider(process) -> None:
    process.terminate()
    process.wait(timeout=10)
    if process.stdout is not None:
        process.stdout.close()


class ForgingRelay:
    """A token endpoint on loopback between KenMe and the provider, for forged signatures.

    The provider signs every ID token with its own key, so a token signed with a key it does
    not publish has to be made on the way: KenMe's connection reads this relay's discovery
    document, which is the provider's with ``token_endpoint`` pointing here; the relay passes
    the code exchange on to the provider over real HTTP and, unless ``mode`` is
    ``"passthrough"``, signs the provider's ID token claims again, unchanged, with a fresh RSA
    key: under the provider's own header (``"same_header"``: KenMe takes the provider's
    published key, and the signature cannot match) or under a ``kid`` the provider's JWKS
    does not have (``"unknown_kid"``).
    """

    def __init__(self, provider: Provider):
        import threading

        from werkzeug.serving import make_server

        self.provider = provider
        self.mode = "passthrough"
        self.forged = 0
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def metadata_url(self) -> str:
        return self.url + "/.well-known/openid-configuration"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def _wsgi(self, environ, start_response):
        from werkzeug.wrappers import Request, Response

        request = Request(environ)
        if request.path == "/.well-known/openid-configuration":
            metadata = requests.get(self.provider.metadata_url, timeout=TIMEOUT).json()
            metadata["token_endpoint"] = self.url + "/token"
            response = Response(json.dumps(metadata), mimetype="application/json")
        elif request.path == "/token" and request.method == "POST":
            response = self._token(request)
        else:
            response = Response("not found", status=404)
        return response(environ, start_response)

    def _token(self, request):
        from werkzeug.wrappers import Response

        metadata = requests.get(self.provider.metadata_url, timeout=TIMEOUT).json()
        headers = {k: v for k, v in request.headers.items() if k.lower() == "authorization"}
        answer = requests.post(
            metadata["token_endpoint"], data=request.form, headers=headers, timeout=TIMEOUT
        )
        body = answer.json()
        if answer.status_code == 200 and "id_token" in body and self.mode != "passthrough":
            body["id_token"] = self._forge(body["id_token"], metadata["jwks_uri"])
            self.forged += 1
        return Response(json.dumps(body), status=answer.status_code, mimetype="application/json")

    def _forge(self, id_token: str, jwks_uri: str) -> str:
        from joserfc import jwt
        from joserfc.jwk import RSAKey

        header_part, payload_part, _ = id_token.split(".")
        header = json.loads(_b64decode(header_part))
        claims = json.loads(_b64decode(payload_part))
        published = {
            key.get("kid") for key in requests.get(jwks_uri, timeout=TIMEOUT).json()["keys"]
        }
        if self.mode == "same_header":
            header = {**header}  # the provider's own header: its alg, and its kid if it sets one
        else:
            header = {**header, "kid": "niet-gepubliceerd"}
            assert header["kid"] not in published
        key = RSAKey.generate_key(2048, parameters={"kid": header.get("kid") or "k"}, private=True)
        return jwt.encode(header, claims, key)


def _b64decode(part: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
