"""minutes sent: each mail claimed before it goes

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 19:10:00

`meeting send` claims each mail in a committed row of its own before the mail goes (state
"sending"), and marks it "sent" once the server took it. The claim is unique per meeting,
version, target (the minutes to one address, or one implementer's decisions) and attempt, so
two sends at once cannot both send the same mail. Rows already there were sent: each is
given its target, and its attempt in the order they were sent.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def _target(what, to_address, ngo_id, office_id):
    """sending.target's rule, written out here: a migration must not change with the code."""
    if what == 'minutes':
        return 'minutes:' + to_address.strip().casefold()
    return f"decisions:{'ngo' if ngo_id is not None else 'office'}:{ngo_id or office_id}"


def upgrade() -> None:
    op.add_column('minutes_sent', sa.Column('target', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column('minutes_sent', sa.Column('attempt', sa.Integer(), nullable=True))
    op.add_column('minutes_sent', sa.Column('state', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    conn = op.get_bind()
    sent = sa.table(
        'minutes_sent', sa.column('id'), sa.column('meeting_id'), sa.column('finalised_at'),
        sa.column('what'), sa.column('to_address'), sa.column('ngo_id'), sa.column('office_id'),
        sa.column('target'), sa.column('attempt'), sa.column('state'),
    )
    seen: dict[tuple, int] = {}
    rows = conn.execute(
        sa.select(sent.c.id, sent.c.meeting_id, sent.c.finalised_at, sent.c.what,
                  sent.c.to_address, sent.c.ngo_id, sent.c.office_id).order_by(sent.c.id)
    ).all()
    for row_id, meeting_id, finalised_at, what, to_address, ngo_id, office_id in rows:
        target = _target(what, to_address, ngo_id, office_id)
        key = (meeting_id, finalised_at, target)
        seen[key] = seen.get(key, 0) + 1
        conn.execute(
            sa.update(sent).where(sent.c.id == row_id)
            .values(target=target, attempt=seen[key], state='sent')
        )
    with op.batch_alter_table('minutes_sent', schema=None) as batch_op:
        batch_op.alter_column('target', existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False)
        batch_op.alter_column('attempt', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('state', existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False)
        batch_op.create_index(
            'uq_minutes_sent_claim', ['meeting_id', 'finalised_at', 'target', 'attempt'], unique=True
        )


def downgrade() -> None:
    # a claim whose mail is not known to have gone was no sending before 0011
    op.execute("DELETE FROM minutes_sent WHERE state <> 'sent'")
    with op.batch_alter_table('minutes_sent', schema=None) as batch_op:
        batch_op.drop_index('uq_minutes_sent_claim')
        batch_op.drop_column('state')
        batch_op.drop_column('attempt')
        batch_op.drop_column('target')
