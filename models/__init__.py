"""Database layer: SQLAlchemy 2 ORM, caller-scoped queries, the audit chain and Alembic migrations.

Kept import-free so `models.errors` can be used by code that must not pull in SQLAlchemy.
"""
