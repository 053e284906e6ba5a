"""one current version per return

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 11:45:00

Two imports at once could each write "version 1" of the same NGO-month, both current. Before
the unique indexes go in, such a group keeps its newest row (the highest id) current; the
others stay in the history, no longer current.
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

CURRENT = sa.text("is_current AND voided_at IS NULL")
UNITS = ("ngo_id", "unit_office_id")


def upgrade() -> None:
    for unit in UNITS:
        op.execute(
            f"""
            UPDATE submission SET is_current = false
            WHERE is_current AND voided_at IS NULL AND {unit} IS NOT NULL
              AND id < (
                SELECT max(newer.id) FROM submission AS newer
                WHERE newer.kind_id = submission.kind_id
                  AND newer.office_id = submission.office_id
                  AND newer.{unit} = submission.{unit}
                  AND newer.month = submission.month
                  AND newer.is_current AND newer.voided_at IS NULL
              )
            """
        )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        for unit in UNITS:
            batch_op.create_index(
                f'ux_submission_current_{unit}',
                ['kind_id', 'office_id', unit, 'month'],
                unique=True,
                sqlite_where=CURRENT,
                postgresql_where=CURRENT,
            )


def downgrade() -> None:
    with op.batch_alter_table('submission', schema=None) as batch_op:
        for unit in UNITS:
            batch_op.drop_index(f'ux_submission_current_{unit}')
