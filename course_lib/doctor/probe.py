"""The requests the doctor and `models check` send to OpenRouter: one try each, short timeouts.

They go through the client's own session, headers and CA bundle, so they test exactly the path
the course's code takes, and every failure comes back as the client's `OpenRouterError` with
its friendly message. Nothing is retried: a doctor must answer within seconds, and a retried
success would hide the problem it is looking for.
"""

from __future__ import annotations

import os
from pathlib import Path

import requests

from course_lib import config
from course_lib import openrouter_client as client
from course_lib import openrouter_errors as errors
from course_lib.openrouter_client import Completion, OpenRouterError
from course_lib.retry import NO_RETRY
from course_lib.texts import t

# The variables naming a CA bundle, in the order the client reads them.
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE")
PING = [{"role": "user", "content": "Reply with one word: OK"}]


def ca_bundle() -> tuple[str, str] | None:
    """(variable, path) of the CA bundle set in the environment, or None for the default CAs."""
    for name in CA_VARIABLES:
        if os.environ.get(name):
            return name, os.environ[name]
    return None


def ca_problem() -> str | None:
    """What is wrong with the CA bundle named in the environment, or None."""
    found = ca_bundle()
    if found is None:
        return None
    name, path = found
    bundle = Path(path)
    if bundle.is_dir():  # a folder of certificates (c_rehash) is allowed too
        return None
    if not bundle.is_file():
        return t("doctor.ca.missing", name=name, path=path)
    if b"-----BEGIN CERTIFICATE-----" not in bundle.read_bytes():
        return t("doctor.ca.not_pem", name=name, path=path)
    return None


def get_json(path: str, key: str | None, timeout_s: float) -> dict:
    """GET `{OPENROUTER_BASE_URL}{path}` once; the JSON object, or `OpenRouterError`."""
    url = config.openrouter_base_url() + path
    headers = client._headers(key) if key else {}
    try:
        resp = client._session(url).get(url, headers=headers, timeout=timeout_s,
                                        verify=client._ca_bundle())
    except requests.RequestException as exc:
        raise errors.from_exception(exc, url, timeout_s) from None
    if not resp.ok:
        raise errors.from_response(resp, client._context("", key or ""))
    return errors.parse_json(resp)


def ping(model: str, timeout_s: float) -> Completion:
    """Ask `model` for one token, once; failures raise `OpenRouterError`."""
    return client.chat(PING, model=model, max_tokens=1, timeout_s=timeout_s, policy=NO_RETRY)


def answered(error: OpenRouterError) -> bool:
    """Whether a failed ping still proves the model answers."""
    # With max_tokens=1 a reasoning model may spend its one token on thinking and return empty
    # content; the client calls that an error, but the model did answer.
    return error.kind == "or.empty"
