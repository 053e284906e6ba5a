"""covering index for the compliance check

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 13:30:00

`check` and `check history` group a month's (or twelve months') receipts by month and unit;
with every column they read in one index, in that order, SQLite answers from the index alone
without sorting in a temporary b-tree (at national scale, 2.8 million returns, the 12-month
history's query went from about 470 ms to 310 ms; the file grows by about 9 %).
"""

from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# As in store/models.py (RECEIPT_COLUMNS); a migration keeps its own copy, as written then.
COLUMNS = ['kind_id', 'month', 'ngo_id', 'unit_office_id', 'received_on', 'voided_at']


def upgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index('ix_submission_receipts', COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index('ix_submission_receipts')
