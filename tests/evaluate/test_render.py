"""How an evaluation report looks on the terminal."""

from __future__ import annotations

from rich.console import Console

from comity.evaluate.render import render_report
from comity.evaluate.scoring import Counts, ErrorCase, EvalReport, Metric, breakdown

REPORT = EvalReport(
    suite="toy",
    description="a hand-made report",
    items=2,
    overall=Counts(correct=1, wrong=1, found=1, missed=2),
    breakdowns=(breakdown("PLOVER type", [("AGREE", True)], [("AGREE", True), ("AID", False)]),),
    metrics=(Metric.of("type accuracy", 1, 2),),
    errors=(
        ErrorCase("missed", "doc.txt", "TUR→AZE AGREE", "", "Ankara and Baku agreed on a route."),
    ),
)


def rendered(show_errors: bool) -> str:
    console = Console(record=True, width=120)
    render_report(REPORT, console, show_errors=show_errors)
    return console.export_text()


def test_the_overall_line_and_breakdown_are_shown() -> None:
    text = rendered(False)
    assert "overall" in text and "0.500" in text and "0.333" in text
    assert "AGREE" in text and "AID" in text
    assert "type accuracy" in text and "1/2" in text
    assert "Ankara and Baku" not in text


def test_errors_are_shown_only_when_asked() -> None:
    text = rendered(True)
    assert "missed doc.txt" in text
    assert "Ankara and Baku agreed on a route." in text
