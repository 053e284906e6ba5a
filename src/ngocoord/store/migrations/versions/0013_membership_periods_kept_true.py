"""membership periods kept true by the schema

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 01:30:00

A list period may not end before it starts (CHECK membership_dates: start_date <= end_date
when both are set), and two periods of one NGO at one office may not share a day (start on
the day, end the day after the last; a period that ends the day it starts holds none). On
PostgreSQL that is an exclusion constraint (membership_overlap, GiST over the NGO, the office
and the dates as a range), checked by the server against every other transaction. On SQLite
it is a trigger on insert and update that raises "membership_overlap": SQLite writes one
transaction at a time, so the trigger sees every period committed before it and none can be
written beside it. SQLite takes the CHECK only by rebuilding the table (batch mode), which
drops triggers: they are made after it (a later rebuild of the table must make them again).

A register that already holds a period ending before it starts, or two that overlap, is not
upgraded: the rows are named, nothing is dropped or changed, and the upgrade is refused.
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

CHECK = "start_date IS NULL OR end_date IS NULL OR start_date <= end_date"
# both periods hold a day, and each starts before the other ends (open ends reach every day)
_HOLDS = "(({p}.start_date IS NULL OR {p}.end_date IS NULL OR {p}.start_date < {p}.end_date))"
_MEET = (
    "({a}.start_date IS NULL OR {b}.end_date IS NULL OR {a}.start_date < {b}.end_date) AND "
    "({b}.start_date IS NULL OR {a}.end_date IS NULL OR {b}.start_date < {a}.end_date)"
)


def _overlap(a: str, b: str) -> str:
    return " AND ".join([_HOLDS.format(p=a), _HOLDS.format(p=b), _MEET.format(a=a, b=b)])


def _trigger(event: str, other_than: str) -> str:
    return f"""
CREATE TRIGGER membership_overlap_{event.split()[0].lower()} BEFORE {event} ON membership
FOR EACH ROW WHEN {_HOLDS.format(p='NEW')}
BEGIN
    SELECT RAISE(ABORT, 'membership_overlap: two list periods of one NGO at one office overlap')
    WHERE EXISTS (
        SELECT 1 FROM membership m
        WHERE m.ngo_id = NEW.ngo_id AND m.office_id = NEW.office_id{other_than}
        AND {_overlap('m', 'NEW')}
    );
END
"""


def _refuse_bad_rows(conn) -> None:
    """The rows that break either rule, named, and the upgrade refused before it changes
    anything: they are the clerk's to put right, not the upgrade's to guess."""
    from ngocoord.errors import Invalid

    def text(d):
        return str(d) if d is not None else "open"

    said = []
    backwards = conn.execute(sa.text(
        "SELECT m.id, n.code, o.name_en, m.start_date, m.end_date FROM membership m "
        "JOIN ngo n ON n.id = m.ngo_id JOIN office o ON o.id = m.office_id "
        "WHERE m.start_date IS NOT NULL AND m.end_date IS NOT NULL "
        "AND m.start_date > m.end_date ORDER BY m.id"
    )).all()
    for row_id, code, office, start, end in backwards:
        said.append(
            f"membership row {row_id}: {code} at {office} joined the list on {text(start)} "
            f"but left it on {text(end)}, before it joined"
        )
    overlapping = conn.execute(sa.text(
        "SELECT a.id, b.id, n.code, o.name_en, a.start_date, a.end_date, b.start_date, "
        "b.end_date FROM membership a JOIN membership b ON b.ngo_id = a.ngo_id "
        "AND b.office_id = a.office_id AND b.id > a.id "
        "JOIN ngo n ON n.id = a.ngo_id JOIN office o ON o.id = a.office_id "
        f"WHERE {_overlap('a', 'b')} ORDER BY a.id, b.id"
    )).all()
    for a_id, b_id, code, office, a_start, a_end, b_start, b_end in overlapping:
        said.append(
            f"membership rows {a_id} and {b_id}: {code} at {office} is on the list "
            f"{text(a_start)} to {text(a_end)} and {text(b_start)} to {text(b_end)}, which "
            "overlap"
        )
    if said:
        raise Invalid(
            "The register holds list periods that cannot be true; the upgrade to schema 0013 "
            "was refused and nothing was changed:\n  " + "\n  ".join(said),
            "Put each right with the ngocoord the register was used with (`ngocoord ngo show "
            "CODE`, `ngocoord undo RUN` of the run that wrote it, `ngo remove`/`ngo rejoin`), "
            "or in the database (UPDATE membership SET start_date = ..., end_date = ... WHERE "
            "id = ROW), then run `ngocoord db upgrade` again.",
        )


def upgrade() -> None:
    conn = op.get_bind()
    _refuse_bad_rows(conn)
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_check_constraint('membership_dates', CHECK)
    if conn.dialect.name == 'postgresql':
        op.execute(
            "ALTER TABLE membership ADD CONSTRAINT membership_overlap EXCLUDE USING gist ("
            "int4range(ngo_id, ngo_id, '[]') WITH &&, "
            "int4range(office_id, office_id, '[]') WITH &&, "
            "daterange(start_date, end_date) WITH &&)"
        )
    elif conn.dialect.name == 'sqlite':
        op.execute(_trigger("INSERT", ""))
        op.execute(_trigger(
            "UPDATE OF ngo_id, office_id, start_date, end_date", " AND m.id <> NEW.id"
        ))


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == 'postgresql':
        op.execute("ALTER TABLE membership DROP CONSTRAINT membership_overlap")
    elif conn.dialect.name == 'sqlite':
        op.execute("DROP TRIGGER IF EXISTS membership_overlap_insert")
        op.execute("DROP TRIGGER IF EXISTS membership_overlap_update")
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_constraint('membership_dates', type_='check')
