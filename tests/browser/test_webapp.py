"""Serving the tablet app: security headers, no inline script, confined asset paths, the JS budget.

No browser needed, but it belongs to the web app, so it runs with the browser tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.webapp import STATIC_DIR
from settings import Settings

pytestmark = pytest.mark.browser

JS_BUDGET_BYTES = 200 * 1024


@pytest.fixture
def web(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=tmp_path, env="test"))) as client:
        yield client


@pytest.mark.parametrize("path", ["/app/", "/app/js/main.js", "/app/css/app.css", "/app/config.json"])
def test_app_files_carry_security_headers(web: TestClient, path: str) -> None:
    response = web.get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_modules_are_served_as_javascript(web: TestClient) -> None:
    assert web.get("/app/js/main.js").headers["content-type"].startswith("text/javascript")
    assert web.get("/app/").headers["content-type"].startswith("text/html")


def test_root_redirects_to_the_app(web: TestClient) -> None:
    response = web.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/app/"


@pytest.mark.parametrize(
    "path",
    [
        "/app/../settings.py",
        "/app/%2e%2e/%2e%2e/settings.py",
        "/app/js/../../routes/webapp.py",
        "/app/.hidden.js",
        "/app/js/nope.js",
        "/app/index.py",
    ],
)
def test_nothing_outside_the_static_folder_is_served(web: TestClient, path: str) -> None:
    response = web.get(path)
    assert response.status_code == 404
    assert "import" not in response.text


def test_index_has_no_inline_script_or_handlers() -> None:
    html = (STATIC_DIR / "index.html").read_text()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all("src=" in tag for tag in scripts)
    assert not re.search(r"\son[a-z]+\s*=", html)


def test_first_load_javascript_is_under_budget() -> None:
    total = sum(p.stat().st_size for p in (STATIC_DIR / "js").rglob("*.js"))
    assert 0 < total < JS_BUDGET_BYTES


def test_untrusted_text_never_goes_through_innerhtml() -> None:
    for path in (STATIC_DIR / "js").rglob("*.js"):
        source = path.read_text()
        assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", source), path


def test_webapp_routes_stay_out_of_the_api_schema(web: TestClient) -> None:
    paths = web.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p == "/" or p.startswith("/app")]
