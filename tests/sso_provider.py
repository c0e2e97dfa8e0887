"""A real OpenID Connect provider on loopback for the SSO tests (oidc-provider-mock).

It runs in a process of its own (its Authlib use warns about deprecations, which the
test run turns into errors), on a free port of 127.0.0.1. The tests register KenMe as a
client, set the claims a subject gets, and answer the provider's login form over real HTTP.
Claims such as ``iss``, ``aud``, ``exp`` or ``nonce`` set on a subject override the ones the
provider would put in the ID token, which the provider then signs with its own key: that is
how the tests get a wrong issuer, a wrong audience, an expired token or a wrong nonce.
"""

from __future__ import annotations

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
