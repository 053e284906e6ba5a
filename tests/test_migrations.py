"""The migrations build the schema the models describe, from an empty database."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import ngocoord.store.models  # noqa: F401
from ngocoord.store import db


def test_empty_database_to_head_matches_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    register = db.create_register(url)
    try:
        with register.engine.connect() as conn:
            assert db.current_revision(conn) == db.SCHEMA_REVISION
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
    finally:
        register.close()


def test_migrations_form_one_line(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(db.alembic_config())
    assert scripts.get_heads() == [db.SCHEMA_REVISION]  # bump SCHEMA_REVISION with each one
    assert [r.revision for r in scripts.walk_revisions()][-1] == "0001"
