"""Routers, one module per resource; each handler parses, calls a repository or service, returns."""
