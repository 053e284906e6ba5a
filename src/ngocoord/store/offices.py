"""The offices of a register: the clerk's own (district) office and its upazila offices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ngocoord import places
from ngocoord.errors import NotInitialised
from ngocoord.store import audit, settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    from ngocoord.store.models import Office


def set_up(session: Session, district: places.District, office_name: str | None) -> Office:
    """Create the district office (home) and one office per upazila of the district."""
    from sqlalchemy import insert

    from ngocoord.store.models import Office

    home = Office(
        level="district",
        geo_id=district.id,
        name_bn=district.bn,
        name_en=district.en,
        is_home=True,
    )
    session.add(home)
    session.flush()
    rows = [
        {
            "level": "upazila",
            "geo_id": u.id,
            "name_bn": u.bn,
            "name_en": u.en,
            "parent_id": home.id,
            "is_home": False,
        }
        for u in places.upazilas_of(district)
    ]
    session.execute(insert(Office), rows)
    audit.record(session, "office", district.en, "insert", None, {"district": district.en})
    settings.put(session, "district", district.bn, internal=True)
    settings.put(session, "office.name", office_name or f"জেলা প্রশাসকের কার্যালয়, {district.bn}")
    settings.put(session, "office.name_en", f"Deputy Commissioner's Office, {district.en}")
    return home


def home(session: Session) -> Office:
    from sqlmodel import select

    from ngocoord.store.models import Office

    office = session.exec(select(Office).where(Office.is_home == True)).first()  # noqa: E712
    if office is None:
        raise _no_home()
    return office


def _no_home() -> NotInitialised:
    return NotInitialised("The register has no home office.", "Run `ngocoord init` again.")


def home_ids(conn: Connection) -> tuple[int, int]:
    """The home office's id and its district's gazetteer id, read without the ORM (`check`)."""
    from sqlalchemy import select

    from ngocoord.store.tables import table

    o = table(conn, "office").c
    found = conn.execute(select(o.id, o.geo_id).where(o.is_home.is_(True))).first()
    if found is None:
        raise _no_home()
    return found[0], found[1]


def upazila_office_id(conn: Connection, name: str) -> int:
    """find_upazila_office's office, its id only, read without the ORM (`check --upazila`)."""
    from sqlalchemy import select

    from ngocoord.store.tables import table

    home_id, geo_id = home_ids(conn)
    upazila = places.find_upazila(name, places.district_by_id(geo_id))
    o = table(conn, "office").c
    query = select(o.id).where(o.parent_id == home_id, o.geo_id == upazila.id)
    return int(conn.execute(query).scalar_one())


def upazila_ids(conn: Connection, home_id: int) -> dict[int, int]:
    """upazila_offices' office ids by gazetteer id, read without the ORM (`report import`)."""
    from sqlalchemy import select

    from ngocoord.store.tables import table

    o = table(conn, "office").c
    return dict(conn.execute(select(o.geo_id, o.id).where(o.parent_id == home_id)).all())


def home_district(session: Session) -> places.District:
    office = home(session)
    return places.district_by_id(office.geo_id)


def upazila_offices(session: Session) -> dict[int, Office]:
    """The home district's upazila offices by gazetteer id."""
    from sqlmodel import select

    from ngocoord.store.models import Office

    parent = home(session)
    rows = session.exec(select(Office).where(Office.parent_id == parent.id))
    return {o.geo_id: o for o in rows}


def officer_title(office: Office) -> str:
    """An upazila office as minutes and letters name it: "উপজেলা নির্বাহী অফিসার, পার্বতীপুর"."""
    return f"উপজেলা নির্বাহী অফিসার, {office.name_bn}"


def find_upazila_office(session: Session, name: str) -> Office:
    """An upazila office of the home district from a name as the clerk writes it."""
    upazila = places.find_upazila(name, home_district(session))
    return upazila_offices(session)[upazila.id]


def email_key(office: Office) -> str:
    """The setting that holds an upazila office's e-mail: office.<upazila>.email."""
    return f"office.{'-'.join(office.name_en.casefold().split())}.email"


def email(session: Session, office: Office) -> str | None:
    """An upazila office's e-mail (the setting `office.<upazila>.email`), None when unset."""
    return settings.get(session, email_key(office))
