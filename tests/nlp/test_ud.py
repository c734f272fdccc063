"""The UD → coder tree rewrite, on trees written by hand (no model)."""

from __future__ import annotations

from comity.nlp.ud import CoderToken, UdToken, load_glosses, to_coder_tree


def ud(text: str, lemma: str, pos: str, head: int, rel: str, **feats: str) -> UdToken:
    return UdToken(text, lemma, pos, feats, head, rel)


def tree_of(*tokens: UdToken) -> list[CoderToken]:
    return to_coder_tree(tokens, load_glosses("ru"))


def test_a_preposition_heads_its_noun_and_is_glossed_by_case() -> None:
    # "Турция подписала соглашение с Арменией"
    tree = tree_of(
        ud("Турция", "турция", "PROPN", 1, "nsubj", Case="Nom"),
        ud("подписала", "подписать", "VERB", -1, "root"),
        ud("соглашение", "соглашение", "NOUN", 1, "obj", Case="Acc"),
        ud("с", "с", "ADP", 4, "case"),
        ud("Арменией", "армения", "PROPN", 2, "nmod", Case="Ins"),
    )
    assert [(t.dep, t.head) for t in tree] == [
        ("nsubj", 1),
        ("ROOT", 1),
        ("dobj", 1),
        ("prep", 2),
        ("pobj", 3),
    ]
    assert tree[3].lemma == "with"


def test_the_same_preposition_with_the_genitive_is_another_word() -> None:
    # "с 1992 года" is "since": not the counterpart of "with"
    tree = tree_of(
        ud("работает", "работать", "VERB", -1, "root"),
        ud("с", "с", "ADP", 2, "case"),
        ud("года", "год", "NOUN", 0, "obl", Case="Gen"),
    )
    assert tree[1].lemma == "from"


def test_negation_passive_and_names_take_the_coder_labels() -> None:
    # "Соглашение не было подписано Реджепом Эрдоганом"
    tree = tree_of(
        ud("Соглашение", "соглашение", "NOUN", 3, "nsubj:pass", Case="Nom"),
        ud("не", "не", "PART", 3, "advmod", Polarity="Neg"),
        ud("было", "быть", "AUX", 3, "aux:pass"),
        ud("подписано", "подписать", "VERB", -1, "root"),
        ud("Реджепом", "реджеп", "PROPN", 3, "obl", Case="Ins"),
        ud("Эрдоганом", "эрдоган", "PROPN", 4, "flat:name", Case="Ins"),
    )
    assert [t.dep for t in tree] == ["nsubjpass", "neg", "auxpass", "ROOT", "obl", "compound"]


def test_a_modal_verb_becomes_a_conditional_auxiliary() -> None:
    # "Казахстан может присоединиться": as "Kazakhstan could join"
    tree = tree_of(
        ud("Казахстан", "казахстан", "PROPN", 1, "nsubj"),
        ud("может", "мочь", "VERB", -1, "root"),
        ud("присоединиться", "присоединиться", "VERB", 1, "xcomp"),
    )
    assert (tree[2].dep, tree[2].head) == ("ROOT", 2)
    assert (tree[1].dep, tree[1].head, tree[1].morph["Mood"]) == ("aux", 2, "Cnd")
    assert tree[0].head == 2


def test_the_future_of_byt_is_marked_future() -> None:
    tree = tree_of(
        ud("будет", "быть", "AUX", 1, "aux", Tense="Pres"),
        ud("участвовать", "участвовать", "VERB", -1, "root"),
    )
    assert tree[0].morph["Tense"] == "Fut"


def test_an_argument_after_a_coordinated_verb_is_that_verbs() -> None:
    # "получил статус, но не вступил в ОТГ": the parser hung "ОТГ" from "получил"
    tree = tree_of(
        ud("получил", "получить", "VERB", -1, "root"),
        ud("статус", "статус", "NOUN", 0, "obj"),
        ud("вступил", "вступить", "VERB", 0, "conj"),
        ud("в", "в", "ADP", 4, "case"),
        ud("ОТГ", "отг", "PROPN", 0, "obl", Case="Acc"),
    )
    assert (tree[3].head, tree[3].lemma) == (2, "to")
    assert tree[1].head == 0


def test_function_words_take_their_english_gloss_content_words_keep_theirs() -> None:
    tree = tree_of(
        ud("Он", "он", "PRON", 1, "nsubj"),
        ud("посетил", "посетить", "VERB", -1, "root"),
    )
    assert [t.lemma for t in tree] == ["he", "посетить"]


def test_a_cycle_left_by_the_parser_is_broken_at_the_root() -> None:
    tree = tree_of(
        ud("а", "а", "X", 1, "dep"),
        ud("б", "б", "X", 0, "dep"),
        ud("в", "в", "VERB", -1, "root"),
    )
    for index in range(3):
        seen, at = set(), index
        while tree[at].head != at:
            assert at not in seen
            seen.add(at)
            at = tree[at].head
        assert at == 2
