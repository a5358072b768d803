"""HTTP API (FastAPI): thin routes over `models` repositories and the domain packages."""
