"""Security response headers for the API and the tablet web app.

The tablet UI is served from the same origin as the API, so a strict same-origin CSP costs
nothing and stops injected markup (a client name with `<script>` in it) from running or loading
anything. HSTS is only sent where it is true: over https, or when the operator says TLS is
terminated in front of us (`REHAB_SCRIBE_BEHIND_TLS=true`), because HSTS over plain http would
lock a LAN-only deployment out of its own server.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
STATIC_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), geolocation=(), microphone=(self)",
}
HSTS = "max-age=31536000; includeSubDomains"
_TRUE = {"1", "true", "yes", "on"}


def behind_tls(settings: object) -> bool:
    """The operator's statement that clients reach us over TLS (a terminating proxy in front).

    Read from settings when the field exists, else from the environment, so the flag works
    before it is added to `Settings`.
    """
    value = getattr(settings, "behind_tls", None)
    if value is None:
        value = os.environ.get("REHAB_SCRIBE_BEHIND_TLS", "")
    return str(value).strip().lower() in _TRUE


def _is_https(request: Request) -> bool:
    # Forwarded headers are only trusted when the operator said a TLS proxy is in front.
    return request.url.scheme == "https"


def install_security_headers(app: FastAPI) -> None:
    tls = behind_tls(getattr(app.state, "settings", None))

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        # The interactive API docs load Swagger/ReDoc from a CDN and show no PHI: no CSP there.
        docs = request.url.path in (app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url)
        for name, value in STATIC_HEADERS.items():
            if docs and name == "Content-Security-Policy":
                continue
            response.headers.setdefault(name, value)
        if tls or _is_https(request):
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        if request.url.path.startswith("/api/"):
            # Clinical JSON must never sit in a shared or browser cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
