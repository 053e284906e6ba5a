"""period locks

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 16:15:00

A month can be locked for an office once it is reviewed (`ngocoord lock`, or by finalising the
meeting that reviewed it): one lock per office and month, a rule of the schema. A return of a
locked month changed all the same (`--unlock-reason`) is recorded in lock_override, which
`check` and the summary show as changed after review.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('period_lock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('locked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('locked_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], ),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('office_id', 'month', name='uq_period_lock_office_month')
    )
    op.create_table('lock_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('kind_id', sa.Integer(), nullable=False),
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('change', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('changed_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['kind_id'], ['return_kind.id'], ),
    sa.ForeignKeyConstraint(['office_id'], ['office.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lock_override', schema=None) as batch_op:
        batch_op.create_index('ix_lock_override_month', ['office_id', 'month', 'kind_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('lock_override', schema=None) as batch_op:
        batch_op.drop_index('ix_lock_override_month')
    op.drop_table('lock_override')
    op.drop_table('period_lock')
