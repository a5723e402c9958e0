"""Precision and recall of ``docgen check`` over the corpus in this folder.

    python tests/real/score.py          # print the table (README shows a copy)

A reported finding is a true positive when the expected findings list the same rule at the same
paragraph (or both about the whole document), matched one to one; every other reported finding is
a false positive, every unmatched expected one a false negative.  Warnings count like errors.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # this checkout's docgen


@dataclass
class Row:
    name: str
    tool: str
    expected: int
    reported: int
    true_positive: int

    @property
    def false_positive(self) -> int:
        return self.reported - self.true_positive

    @property
    def false_negative(self) -> int:
        return self.expected - self.true_positive


def score_document(path: Path) -> Row:
    from docgen.checker import check

    spec = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    expected = [(f["rule"], f["paragraph"]) for f in spec["findings"]]
    reported = [(f.rule, f.paragraph) for f in check(path).findings]
    remaining = list(expected)
    hits = 0
    for item in reported:
        if item in remaining:
            remaining.remove(item)
            hits += 1
    return Row(path.stem, spec["tool"], len(expected), len(reported), hits)


def score(folder: Path = HERE) -> list[Row]:
    return [score_document(p) for p in sorted(folder.glob("*.docx"))]


def precision(rows: list[Row]) -> float:
    reported = sum(r.reported for r in rows)
    return sum(r.true_positive for r in rows) / reported if reported else 1.0


def recall(rows: list[Row]) -> float:
    expected = sum(r.expected for r in rows)
    return sum(r.true_positive for r in rows) / expected if expected else 1.0


def table(rows: list[Row]) -> str:
    lines = ["| document | expected | reported | false + | false − |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| `{r.name}` | {r.expected} | {r.reported} | {r.false_positive} | {r.false_negative} |")
    clean = [r for r in rows if r.expected == 0]
    lines.append(f"| **all {len(rows)}** ({len(clean)} conformant) | {sum(r.expected for r in rows)} | "
                 f"{sum(r.reported for r in rows)} | {sum(r.false_positive for r in rows)} | "
                 f"{sum(r.false_negative for r in rows)} |")
    lines.append("")
    lines.append(f"precision **{precision(rows):.2f}**, recall **{recall(rows):.2f}**")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(score()))
