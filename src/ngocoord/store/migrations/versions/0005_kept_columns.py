"""kept columns and the office's column maps

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 13:40:00

A column no field fits is kept with its row (`extra`, JSON of header -> text) on the NGO and
on each report line; `column_map` holds the headers an office mapped to a field.
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ALTER TABLE (SQLite 3.35+): a batch copy of ngo would trip its foreign keys
    op.add_column('ngo', sa.Column('extra', sa.Text(), nullable=True))
    op.add_column('report_line', sa.Column('extra', sa.Text(), nullable=True))
    op.create_table(
        'column_map',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('form', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('header_key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('header', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('field', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('form', 'header_key'),
    )


def downgrade() -> None:
    op.drop_table('column_map')
    op.drop_column('report_line', 'extra')
    op.drop_column('ngo', 'extra')
