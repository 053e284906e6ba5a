"""meetings the office can sign

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:30:00

Standard items are marked as such; a meeting records when it was created, how it took the
previous minutes (confirmed, with changes, not confirmed), and when and by whom its minutes
were finalised (with the minutes as signed) or reopened. previous_confirmed becomes
previous_minutes: true is "confirmed", false is "not recorded".
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

MEETING_COLUMNS = [
    sa.Column('previous_minutes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('previous_changes', sa.Text(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('finalised_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('finalised_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('signed', sa.Text(), nullable=True),
    sa.Column('reopened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('reopened_reason', sa.Text(), nullable=True),
]


def upgrade() -> None:
    # plain ALTER TABLE (SQLite 3.35+): a batch would copy meeting, which its items refer to
    op.add_column('agenda_item', sa.Column('standard', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    for column in MEETING_COLUMNS:
        op.add_column('meeting', column)
    op.execute("UPDATE meeting SET previous_minutes = 'confirmed' WHERE previous_confirmed")
    op.drop_column('meeting', 'previous_confirmed')


def downgrade() -> None:
    op.add_column(
        'meeting',
        sa.Column('previous_confirmed', sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.execute(
        "UPDATE meeting SET previous_confirmed = true "
        "WHERE previous_minutes IN ('confirmed', 'changed')"
    )
    for column in reversed(MEETING_COLUMNS):
        op.drop_column('meeting', column.name)
    op.drop_column('agenda_item', 'standard')
