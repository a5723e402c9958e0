"""Render page images of every document kind from the samples and the reference campaign.

    python docs/make_pages.py            # writes docs/pages/*.png (needs LibreOffice + poppler)

The PNGs let a reviewer see what the documents look like without Word; regenerate them after
changing a template or the layout.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docgen  # noqa: E402
from docgen import kinds, pdf  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from reference_campaign import REFERENCE  # noqa: E402  (../shared, else the snapshot)

SOURCES = [REFERENCE, *sorted((ROOT / "samples").glob("*.yaml"))]


def main() -> None:
    out = ROOT / "docs" / "pages"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        docs: list[tuple[str, Path]] = []
        for source in SOURCES:
            if not source.is_file():
                continue
            campaign = docgen.load(source)
            for kind in kinds.KINDS:
                if kinds.missing_fields(kinds.KINDS[kind], campaign):
                    continue
                target = Path(tmp) / f"{source.stem}-{kind}.docx"
                docgen.render_file(campaign, kind, target)
                docs.append((target.stem, target))
        for (stem, _), pdf_path in zip(docs, pdf.convert([d for _, d in docs])):
            subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "2", str(pdf_path), str(out / stem)],
                           check=True)
    for png in sorted(out.glob("*.png")):
        print(png.relative_to(ROOT))


if __name__ == "__main__":
    main()
