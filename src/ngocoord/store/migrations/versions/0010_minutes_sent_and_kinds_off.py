"""minutes sent, and return kinds an office switches off

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 16:20:00

`meeting send` keeps who received a meeting's finalised minutes (or an implementer's own
decisions), for which finalised version and when (minutes_sent); a return kind the office does
not track can be switched off (return_kind.enabled, on for every kind already there).
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'minutes_sent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('finalised_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('what', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('to_address', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('ngo_id', sa.Integer(), nullable=True),
        sa.Column('office_id', sa.Integer(), nullable=True),
        sa.Column('decisions', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('sent_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
        sa.ForeignKeyConstraint(['ngo_id'], ['ngo.id'], ),
        sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('minutes_sent', schema=None) as batch_op:
        batch_op.create_index('ix_minutes_sent_meeting', ['meeting_id', 'finalised_at'], unique=False)
    # plain ALTER TABLE: a batch would copy return_kind, which submissions refer to
    op.add_column(
        'return_kind',
        sa.Column('enabled', sa.Boolean(), nullable=False, server_default=sa.text('true')),
    )


def downgrade() -> None:
    op.drop_column('return_kind', 'enabled')
    with op.batch_alter_table('minutes_sent', schema=None) as batch_op:
        batch_op.drop_index('ix_minutes_sent_meeting')
    op.drop_table('minutes_sent')
