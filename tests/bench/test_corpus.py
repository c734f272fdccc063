"""Building the benchmark corpus from tiny samples in the shared folder's formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comity.bench.corpus import (
    Corpus,
    bench_document,
    corpus_from_sources,
    group_passages,
    interleave,
    regrouped,
    repeated,
    resolve_shared,
    shared_corpus,
    shared_passages,
)
from comity.errors import NotFound

PETR2_SAMPLE = """<Validation>
<Sentences>
<Sentence category="TEST" date="20240312" id="T_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="KGZ" targetcode="TUR" />
<Text>
The Kyrgyz president flew to Ankara for talks on trade.
</Text>
<Parse>
</Parse>
</Sentence>
<Sentence category="TEST" date="20240313" id="T_2" evaluate="true"/>
<EventCoding noevents="True" />
<Text>
Heavy rain closed the mountain roads near Osh.
</Text>
</Sentence>
</Sentences>
</Validation>
"""

PLOVER_SAMPLE = [
    {"id": "meta", "event": "DOCUMENT", "text": "about this file"},
    {"id": "p1", "event": "CONSULT", "text": "Uzbek and Kazakh ministers met in Tashkent.",
     "source": [{"code": "UZB"}], "target": [{"code": "KAZ"}]},
    {"id": "p2", "event": "ACCUSE", "text": "Baku accused Yerevan of shelling a border post.",
     "source": [{"code": "AZE"}], "target": [{"code": "ARM"}]},
]  # fmt: skip

CASE_SAMPLE = (
    "id\tEventSnippet\tSubType\n"
    "c1\tFarmers marched through the capital demanding lower fuel prices\tPeaceful protest\n"
    "c2\tA roadside bomb wounded three soldiers near the border\tRemote explosive\n"
)

SEED_SAMPLE = (
    "Leaders of the Turkic states gathered in Astana.\n\nThey signed a transport accord.\n"
)


@pytest.fixture
def tiny_shared(tmp_path: Path) -> Path:
    (tmp_path / "data" / "petr2_gsr").mkdir(parents=True)
    (tmp_path / "data" / "petr2_gsr" / "PETR2_GSR_validation.xml").write_text(PETR2_SAMPLE)
    (tmp_path / "data" / "plover_gsr").mkdir(parents=True)
    plover_file = tmp_path / "data" / "plover_gsr" / "PLOVER_GSR_CAMEO.txt"
    plover_file.write_text(json.dumps(PLOVER_SAMPLE))
    (tmp_path / "data" / "case2021_task2").mkdir(parents=True)
    (tmp_path / "data" / "case2021_task2" / "test_set_final_release_with_labels.tsv").write_text(
        CASE_SAMPLE
    )
    (tmp_path / "examples" / "seeds").mkdir(parents=True)
    (tmp_path / "examples" / "seeds" / "a.txt").write_text(SEED_SAMPLE)
    return tmp_path


def test_passages_are_read_from_each_format(tiny_shared: Path) -> None:
    passages = shared_passages(tiny_shared)
    assert passages["petr2-gsr"] == [
        "The Kyrgyz president flew to Ankara for talks on trade.",
        "Heavy rain closed the mountain roads near Osh.",
    ]
    assert passages["plover-gsr"] == [
        "Uzbek and Kazakh ministers met in Tashkent.",
        "Baku accused Yerevan of shelling a border post.",
    ]
    assert passages["case2021"][0].startswith("Farmers marched")
    assert passages["seeds"] == [
        "Leaders of the Turkic states gathered in Astana.",
        "They signed a transport accord.",
    ]


def test_a_missing_source_file_is_left_out(tiny_shared: Path) -> None:
    (tiny_shared / "data" / "case2021_task2" / "test_set_final_release_with_labels.tsv").unlink()
    assert "case2021" not in shared_passages(tiny_shared)


def test_an_empty_or_missing_shared_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="--shared"):
        resolve_shared(tmp_path / "absent")
    with pytest.raises(NotFound, match="no benchmark texts"):
        shared_passages(tmp_path)


def test_interleave_spreads_every_group_over_the_result() -> None:
    merged = interleave([["a1", "a2", "a3", "a4"], ["b1", "b2"]])
    assert sorted(merged) == ["a1", "a2", "a3", "a4", "b1", "b2"]
    assert merged.index("b1") < merged.index("a3") < merged.index("b2")
    assert [item for item in merged if item.startswith("a")] == ["a1", "a2", "a3", "a4"]


def test_grouping_reaches_the_word_target_in_order() -> None:
    passages = ["one two three", "four five", "six seven eight nine", "ten"]
    assert group_passages(passages, 5) == [
        "one two three\nfour five",
        "six seven eight nine\nten",
    ]
    assert group_passages(passages, 100) == ["\n".join(passages)]
    with pytest.raises(ValueError):
        group_passages(passages, 0)


def test_the_same_folder_gives_the_same_corpus(tiny_shared: Path) -> None:
    first = shared_corpus(tiny_shared, documents=7, words=12)
    second = shared_corpus(tiny_shared, documents=7, words=12)
    assert first.texts() == second.texts()
    assert len(first.documents) == 7
    assert all(len(text.split()) >= 12 for text in first.texts()[:2])


def test_regrouping_uses_every_passage_once_per_round_in_new_combinations() -> None:
    groups = [[f"a{n} w w" for n in range(12)], [f"b{n} w w" for n in range(6)]]
    texts = regrouped(groups, 12, 9)
    assert len(texts) == 12
    assert len(set(texts)) == 12
    first_round = group_passages(interleave(groups), 9)
    assert texts[: len(first_round)] == first_round
    second_round = texts[len(first_round) : 2 * len(first_round)]
    passages = sorted(p for text in second_round for p in text.split("\n"))
    assert passages == sorted(p for group in groups for p in group)
    assert regrouped(groups, 12, 9) == texts  # the same every time


def test_repetition_marks_each_copy_with_its_own_id() -> None:
    base = [bench_document("Ankara hosted the talks.", "x"), bench_document("Baku replied.", "y")]
    documents = repeated(base, 5)
    assert len({document.id for document in documents}) == 5
    assert documents[:2] == base
    assert documents[2].text.endswith(base[0].text)
    assert documents[4].text.startswith("Copy 3")
    with pytest.raises(ValueError):
        repeated([], 3)


def test_a_folder_is_read_as_its_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Tashkent and Bishkek agreed on a water deal.")
    (tmp_path / "b.txt").write_text("Tashkent and Bishkek agreed on a water deal.")  # duplicate
    (tmp_path / "c.txt").write_text("Nicosia protested the naval exercise.")
    corpus = corpus_from_sources(tmp_path)
    assert isinstance(corpus, Corpus)
    assert len(corpus.documents) == 2
    assert len(corpus_from_sources(tmp_path, documents=5).documents) == 5
    with pytest.raises(NotFound):
        corpus_from_sources(tmp_path / "nothing-here")
