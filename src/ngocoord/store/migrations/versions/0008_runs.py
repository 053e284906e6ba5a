"""runs: every audit row belongs to the command that made it

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 16:20:00

A `run` is one command that changed the register (its command line with passwords masked, the
OS user, start and end, outcome and the rows it changed by table). Each audit row gets its run,
the id of the row it changed and that row's state before (`prior`, for `ngocoord undo`). The
rows already in are grouped into one run per command line, user and second, as well as can be
told now, and an NGO's rows get the NGO's id; their prior state was never recorded, so those
runs cannot be undone.
"""

import json
from collections import Counter

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('command', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('os_user', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('started', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('ended', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('changes', sa.Text(), nullable=True),
        sa.Column('undoes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_run_started'), ['started'], unique=False)
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('run_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('row_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('prior', sa.Text(), nullable=True))
    _group_existing_rows()
    # an NGO's rows named it by its code (moved along by a rename until now): by its id from
    # here on, so a later rename leaves the audit log as it was written
    op.execute(
        "UPDATE audit SET row_id = (SELECT ngo.id FROM ngo WHERE ngo.code = audit.row_key) "
        "WHERE table_name IN ('ngo', 'ngo_area', 'membership', 'registration')"
    )
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.alter_column('run_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_audit_run_id'), ['run_id'], unique=False)
        batch_op.create_foreign_key('fk_audit_run_id_run', 'run', ['run_id'], ['id'])


def _group_existing_rows() -> None:
    """One run per (command, user, second) of the audit rows already in, in their order."""
    conn = op.get_bind()
    audit = sa.table(
        'audit', sa.column('id'), sa.column('at'), sa.column('os_user'),
        sa.column('command'), sa.column('table_name'), sa.column('run_id'),
    )
    run = sa.table(
        'run', sa.column('id'), sa.column('command'), sa.column('os_user'),
        sa.column('started', sa.DateTime()), sa.column('ended', sa.DateTime()),
        sa.column('outcome'), sa.column('changes'),
    )
    rows = conn.execute(
        sa.select(audit.c.id, audit.c.at, audit.c.os_user, audit.c.command, audit.c.table_name)
        .order_by(audit.c.id)
    ).all()
    groups: dict[tuple[str, str, str], list[tuple[int, object, str]]] = {}
    for id_, at, user, command, table_name in rows:
        second = str(at)[:19]
        groups.setdefault((command, user, second), []).append((id_, at, table_name))
    for (command, user, _), members in sorted(groups.items(), key=lambda g: g[1][0][0]):
        ats = [m[1] for m in members]
        counts = Counter(m[2] for m in members)
        run_id = conn.execute(
            sa.insert(run).returning(run.c.id),
            {
                'command': command,
                'os_user': user,
                'started': _moment(min(ats)),
                'ended': _moment(max(ats)),
                'outcome': 'ok',
                'changes': json.dumps(dict(sorted(counts.items())), ensure_ascii=False),
            },
        ).scalar_one()
        ids = [m[0] for m in members]
        for start in range(0, len(ids), 500):
            conn.execute(
                sa.update(audit).where(audit.c.id.in_(ids[start:start + 500])).values(run_id=run_id)
            )


def _moment(value: object) -> object:
    """A stored time as a datetime (SQLite hands back the text it keeps)."""
    from datetime import datetime

    return datetime.fromisoformat(value) if isinstance(value, str) else value


def downgrade() -> None:
    with op.batch_alter_table('audit', schema=None) as batch_op:
        batch_op.drop_constraint('fk_audit_run_id_run', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_audit_run_id'))
        batch_op.drop_column('prior')
        batch_op.drop_column('row_id')
        batch_op.drop_column('run_id')
    with op.batch_alter_table('run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_started'))
    op.drop_table('run')
