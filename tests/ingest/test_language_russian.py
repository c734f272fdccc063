"""Russian documents are recognised as Russian (issue 12)."""

from __future__ import annotations

from comity.ingest import detect_language


def test_a_russian_paragraph_is_detected_as_russian() -> None:
    text = (
        "Президент Казахстана провёл переговоры с президентом Турции в Анкаре. "
        "Стороны обсудили торговлю, транспорт и работу Организации тюркских государств."
    )
    assert detect_language(text) == "ru"
