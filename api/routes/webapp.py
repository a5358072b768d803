"""The tablet web app: static HTML, CSS and ES modules under api/static, served by the API itself.

No build step and no second server: the files are served as they are, with headers that keep
the app from being framed, sniffed or made to run injected script (the CSP allows scripts from
this origin only, and no inline script). Asset paths are resolved inside the static folder and
anything else is 404, so a crafted path cannot read other files.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # The app records from the microphone on its own origin; nothing else may.
    "Permissions-Policy": "microphone=(self), camera=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    # Small files, changed with every deploy: revalidate rather than serve a stale module graph.
    "Cache-Control": "no-cache",
}
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".ico": "image/x-icon",
}

router = APIRouter(tags=["webapp"], include_in_schema=False)


def _file(path: Path) -> Response:
    media_type = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media_type, headers=SECURITY_HEADERS)


def _not_found() -> Response:
    return JSONResponse({"detail": "not found"}, status_code=404, headers=SECURITY_HEADERS)


def resolve_asset(asset: str) -> Path | None:
    """The file under STATIC_DIR for a URL path, or None (traversal, hidden files, unknown types)."""
    if not asset or "\\" in asset or "\x00" in asset:
        return None
    parts = asset.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        return None
    candidate = (STATIC_DIR / asset).resolve()
    try:
        candidate.relative_to(STATIC_DIR.resolve())
    except ValueError:
        return None
    if candidate.suffix not in _TYPES or not candidate.is_file():
        return None
    return candidate


@router.get("/")
def root() -> Response:
    return RedirectResponse("/app/", status_code=307, headers=SECURITY_HEADERS)


@router.get("/app")
def app_no_slash() -> Response:
    return RedirectResponse("/app/", status_code=307, headers=SECURITY_HEADERS)


@router.get("/app/")
def index() -> Response:
    return _file(STATIC_DIR / "index.html")


@router.get("/app/config.json")
def config(request: Request) -> Response:
    """Timing the app needs to show the session timer (no secrets: the same for every caller)."""
    settings: Any = request.app.state.settings
    body = {"idle_timeout_s": settings.idle_timeout_s, "access_token_ttl_s": settings.access_token_ttl_s}
    return JSONResponse(body, headers=SECURITY_HEADERS)


@router.get("/app/{asset:path}")
def asset_file(asset: str) -> Response:
    path = resolve_asset(asset)
    return _file(path) if path is not None else _not_found()
