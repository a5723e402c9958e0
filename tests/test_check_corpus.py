"""``docgen check`` on documents other tools made (tests/real): no false finding, every deviation caught."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from docgen.checker import check

REAL = Path(__file__).resolve().parent / "real"
sys.path.insert(0, str(REAL))

import make_corpus  # noqa: E402
import score  # noqa: E402

DOCS = sorted(REAL.glob("*.docx"))

#: The bar the corpus must clear (README shows the table): no false alarm on the conformant documents
#: of other tools, and the deviations GB/T 9704 forbids caught.
MIN_PRECISION = 0.95
MIN_RECALL = 0.95


def test_corpus_is_there():
    assert len(DOCS) == len(make_corpus.BUILDERS) >= 10
    assert all(p.with_suffix(".json").is_file() for p in DOCS)
    kinds = {json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["findings"] == [] for p in DOCS}
    assert kinds == {True, False}  # conformant documents and documents with deviations


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_each_document_gets_exactly_its_expected_findings(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["findings"]
    report = check(path)
    got = sorted((f.rule, f.paragraph, f.severity) for f in report.findings)
    want = sorted((f["rule"], f["paragraph"], f["severity"]) for f in expected)
    assert got == want, report.to_text()


def test_precision_and_recall_over_the_corpus():
    rows = score.score(REAL)
    p, r = score.precision(rows), score.recall(rows)
    print("\n" + score.table(rows))
    assert p >= MIN_PRECISION, score.table(rows)
    assert r >= MIN_RECALL, score.table(rows)
    assert all(row.reported == 0 for row in rows if row.expected == 0), score.table(rows)


def test_committed_corpus_is_what_the_script_builds(tmp_path):
    """The .docx files are committed so the corpus is inspectable; the script must still make them."""
    make_corpus.build_all(tmp_path)
    for path in DOCS:
        fresh = tmp_path / path.name
        assert json.loads(fresh.with_suffix(".json").read_text(encoding="utf-8")) == \
            json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert check(fresh).findings == check(path).findings


def test_readme_table_is_current():
    readme = (REAL.parents[1] / "README.md").read_text(encoding="utf-8")
    assert score.table(score.score(REAL)) in readme, "README's corpus table is stale: run tests/real/score.py"
