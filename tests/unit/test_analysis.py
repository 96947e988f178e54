"""Our analyzer, query language and highlighter, on strings."""

from search.analysis import grams, normalise, runs
from search.engine.formats import CountedFrequency, PackedPositions
from search.engine.tokenizers import BigramTokenizer, WordTokenizer
from search.highlight import highlight, snippet
from search.query import parse_query


def test_normalise_folds_width_case_traditional_and_ocr_spaces():
    assert normalise("縣委書記 谢 斌 ＡＢＣ１２３") == "县委书记谢斌abc123"


def test_grams_are_overlapping_bigrams_with_true_positions_and_a_last_character():
    assert list(grams("县委书记")) == [(0, "县委"), (1, "委书"), (2, "书记"), (3, "记")]


def test_punctuation_ends_a_run_so_no_phrase_spans_it():
    assert runs("疫情防控、复工复产") == ["疫情防控", "复工复产"]
    positions = dict((gram, pos) for pos, gram in grams("防控、复工"))
    assert positions["复工"] - positions["控"] > 1


def test_digits_are_part_of_runs_so_dates_match_exactly():
    assert [g for _, g in grams("3月19日")] == ["3月", "月1", "19", "9日", "日"]


def test_tokenizer_gives_whoosh_tokens_with_positions():
    tokens = [(t.text, t.pos) for t in BigramTokenizer()("副县长", positions=True)]
    assert tokens == [("副县", 0), ("县长", 1), ("长", 2)]


def test_packed_positions_store_each_bigrams_positions_as_whoosh_reads_them():
    packed = PackedPositions()
    stored = {text: (freq, value) for text, freq, _, value in packed.word_values("项目建设，项目", BigramTokenizer())}
    assert packed.decode_positions(stored["项目"][1]) == [0, 5]
    assert stored["项目"][0] == packed.decode_frequency(stored["项目"][1]) == 2
    assert packed.decode_positions(stored["目建"][1]) == [1]
    assert packed.decode_positions(packed.encode([3, 70000])) == [3, 70000]


def test_counted_frequency_counts_jieba_words():
    counted = {text: freq for text, freq, _, _ in CountedFrequency().word_values("会议会议，召开会议", WordTokenizer())}
    assert counted["会议"] == 3


def test_query_language():
    query = parse_query('脱贫 "攻坚 战" -修武 王家鹏 OR 郭鹏 AND')
    assert [(t.text, t.negated, t.alternatives) for t in query.terms] == [
        ("脱贫", False, ()), ("攻坚 战", False, ()), ("修武", True, ()), ("王家鹏", False, ("郭鹏",)),
    ]


def test_query_of_only_symbols_is_flagged_not_an_error():
    assert parse_query("* : ！").ignored
    assert parse_query('"unbalanced').terms[0].text == "unbalanced"


def test_highlight_marks_the_original_text_where_the_normalised_query_matched():
    assert highlight("校对：谢 斌", runs("谢斌")) == "校对：<mark>谢 斌</mark>"
    assert highlight("县委书记<b>", runs("縣委書記")) == "<mark>县委书记</mark>&lt;b&gt;"


def test_snippet_is_a_window_around_the_first_match():
    text = "前文" * 100 + "脱贫攻坚" + "后文" * 100
    result = snippet(text, runs("脱贫攻坚"), length=40)
    assert result.startswith("…") and result.endswith("…") and "<mark>脱贫攻坚</mark>" in result


def test_highlight_keeps_positions_when_normalising_changes_the_length():
    # NFKC turns "…" into "..." and "Ａ" into "a": the mark must still land on 縣委.
    assert highlight("Ａ……縣委", runs("县委")) == "Ａ……<mark>縣委</mark>"


def test_a_run_is_covered_by_the_fewest_bigrams_at_their_offsets():
    from search.engine.postings import bigram_cover

    assert bigram_cover("县长") == [(0, "县长")]
    assert bigram_cover("脱贫攻坚") == [(0, "脱贫"), (2, "攻坚")]
    assert bigram_cover("高质量发展") == [(0, "高质"), (2, "量发"), (3, "发展")]
