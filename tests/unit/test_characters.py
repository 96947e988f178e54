"""Control characters out of page text, file names shown on one line."""

import pytest

from archive.characters import control_characters_removed, printable, printable_utf8, shown_name


def test_control_characters_are_removed_and_counted_newline_and_tab_stay():
    text = "县委\x08书记\x1a\n\t主持\x00会议\x7f\x85\ufffe"
    assert control_characters_removed(text) == ("县委书记\n\t主持会议", 6)


def test_a_search_can_turn_a_control_character_into_a_space():
    assert printable("脱贫\x07攻坚", replacement=" ") == "脱贫 攻坚"


def test_utf8_bytes_lose_the_same_characters_and_keep_chinese_whole():
    text = "县委\x08书记\x1a\n\x85主持\ufffe会议\r\n"
    assert printable_utf8(text.encode()) == printable(text).encode() == "县委书记\n主持会议\r\n".encode()
    # "丐" is E4 B8 90: a continuation byte in the C1 range is not a control character
    assert printable_utf8("丐\u0090".encode()) == "丐".encode()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("001_焦作日报.txt", "001_焦作日报.txt"),
        ("a\nb.txt", "a\\nb.txt"),
        ("red\x1b[31m.txt", "red\\x1b[31m.txt"),
        ("tab\there\r.txt", "tab\\there\\r.txt"),
        ("zero\u200bwidth.txt", "zero\\u200bwidth.txt"),
        ("latin1\udce9.txt", "latin1\\xe9.txt"),  # a byte that was not UTF-8, as os.fsdecode keeps it
    ],
)
def test_file_names_are_shown_on_one_line_with_escapes(name, shown):
    assert shown_name(name) == shown
