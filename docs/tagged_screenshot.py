"""Re-take docs/screenshot-tagging.png: seed article 000 richly tagged, in the window.

    python docs/tagged_screenshot.py /path/to/shared/seeds/000_*.txt
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from db.workspace import Workspace

TAGS = [
    ("Aserbaidschan", "ACTOR", "Azerbaijan"),
    ("Armenien", "ACTOR", "Armenia"),
    ("kanadische", "ACTOR", "Canada"),
    ("Bildgebungs- und Zielsysteme für unbemannte Drohnen", "WEAPON", None),
    ("unbemannte Drohnen", "WEAPON", None),
    ("Marc Garneau", "ACTOR", None),
    ("Bergkarabach", "LOCATION", None),
    ("Herbst 2020", "TIME", None),
    ("Türkei", "ACTOR", "Türkiye"),
    ("29 Genehmigungen", "QUANTITY", None),
    ("NATO", "ACTOR", "NATO"),
    ("Oktober 2019", "TIME", None),
    ("Ottawa", "ACTOR", "Canada"),
]


def main() -> None:
    seed = Path(sys.argv[1])
    store = Path(tempfile.mkdtemp()) / "tagged.sqlite"
    ws = Workspace.open(store, "analyst")
    aid = ws.import_paths([seed]).added_ids[0]
    doc = ws.article(aid)
    assert doc is not None
    t = ws.tagging
    ids: dict[str, int] = {}
    for surface, type_, entity in TAGS:
        start = doc.text.index(surface)
        eid = None
        if entity:
            eid = t.match_entities(entity, type_)[0].entity_id
        ids[surface] = t.add_mention(aid, start, start + len(surface), type_, eid).created[0]
    trig = doc.text.index("Aufhebung")
    trig_id = t.add_mention(aid, trig, trig + len("Aufhebung"), "TRIGGER").created[0]
    ev = t.create_event(
        aid,
        "LICENCE_ACTION",
        trigger_mention_id=trig_id,
        arguments=[("Authority", ids["kanadische"]), ("Target", ids["Türkei"])],
        attributes={"date": "April 2021", "status": "cancelled"},
    ).created[0]
    t.set_argument(ev, "Weapon", ids["Bildgebungs- und Zielsysteme für unbemannte Drohnen"])
    ws.close()
    out = Path(__file__).with_name("screenshot-tagging.png")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    subprocess.run(
        [sys.executable, "-m", "desktop", "gui", "--store", str(store), "--annotator",
         "analyst", "--screenshot", str(out)],
        check=True, env=env,
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
