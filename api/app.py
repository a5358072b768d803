"""Application factory: `create_app(settings)` wires settings, database, logging, errors and routes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.log import install_request_logging
from api.routes import auth, clients, episodes, health
from models.db import engine_from_settings, make_session_factory
from settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    settings.ensure_dirs()
    engine = engine_from_settings(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="Rehab Scribe",
        version="0.1.0",
        description="Documentation for rehab therapy: recordings to evidence-linked notes, signing, billing.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)

    install_error_handlers(app)
    install_request_logging(app)
    for module in (health, auth, clients, episodes):
        app.include_router(module.router)
    return app
