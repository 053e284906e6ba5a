"""former NGO codes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 19:00:00

`ngo edit --code` keeps the code it replaces (ngo_former_code), so a report or roster file
that still carries an NGO's old code is matched to it and the import says so. A former code
belongs to one NGO at a time (unique); nothing is there before this revision, so the upgrade
only creates the table.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0012'
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'ngo_former_code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('ngo_id', sa.Integer(), nullable=False),
        sa.Column('replaced_on', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['ngo_id'], ['ngo.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'),
    )
    with op.batch_alter_table('ngo_former_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ngo_former_code_ngo_id'), ['ngo_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ngo_former_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ngo_former_code_ngo_id'))
    op.drop_table('ngo_former_code')
