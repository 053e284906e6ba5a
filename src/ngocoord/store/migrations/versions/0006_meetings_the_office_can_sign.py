"""meetings the office can sign

Revision ID: 0006
Revises: 0004
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
down_revision = '0004'
branch_labels = None
depends_on = None

MEETING_COLUMNS = [
    sa.Column('previous_minutes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('previous_changes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('finalised_at', sa.DateTime(), nullable=True),
    sa.Column('finalised_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('signed', sa.Text(), nullable=True),
    sa.Column('reopened_at', sa.DateTime(), nullable=True),
    sa.Column('reopened_reason', sa.Text(), nullable=True),
]


def upgrade() -> None:
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('standard', sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        for column in MEETING_COLUMNS:
            batch_op.add_column(column)
    op.execute("UPDATE meeting SET previous_minutes = 'confirmed' WHERE previous_confirmed")
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('previous_confirmed')


def downgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'previous_confirmed', sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    op.execute(
        "UPDATE meeting SET previous_confirmed = true "
        "WHERE previous_minutes IN ('confirmed', 'changed')"
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.alter_column('previous_confirmed', server_default=None)
        for column in reversed(MEETING_COLUMNS):
            batch_op.drop_column(column.name)
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_column('standard')
