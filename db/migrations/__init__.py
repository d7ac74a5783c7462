"""Alembic migrations of the store schema; ``runner`` applies them on open."""
