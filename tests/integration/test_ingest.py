"""The ingest command against a real database and a real (fresh) Whoosh index."""

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, Edition, Page, Person
from search.api import SearchParams, run_search
from tests.conftest import FIXTURE_PAGES, fixture_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


def ingest(*paths, **options):
    call_command("ingest", *map(str, paths), **options)


@pytest.fixture
def no_pages():
    """Start from an empty archive (inside the test's transaction)."""
    Page.objects.all().delete()
    Edition.objects.all().delete()
    Person.objects.all().delete()


def test_folder_ingest_reports_each_file_and_rerun_changes_nothing(tmp_path, no_pages, capsys, django_capture_on_commit_callbacks):
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in FIXTURE_PAGES:
        (folder / page.name).write_bytes(page.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        ingest(folder)
    first = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1].split(" ")[0] for line in first] == ["created"] * len(FIXTURE_PAGES)
    counts = (Page.objects.count(), Article.objects.count(), Person.objects.count())
    ingest(folder)
    assert all(": unchanged" in line for line in capsys.readouterr().out.splitlines())
    assert (Page.objects.count(), Article.objects.count(), Person.objects.count()) == counts
    # The index followed the commit: a name from the page is searchable.
    assert run_search(SearchParams(q="柴英杰")).total == 1


def test_same_page_in_gb18030_with_crlf_and_bom_is_recognised(tmp_path, no_pages, capsys):
    text = fixture_text("003")
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    (tmp_path / "c.txt").write_bytes("\ufeff".encode() + text.encode("utf-8"))
    ingest(tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt")
    out = capsys.readouterr().out
    assert "a.txt: created" in out and "b.txt: unchanged" in out and "c.txt: unchanged" in out
    assert Page.objects.count() == 1


def test_gb18030_page_is_read_correctly(tmp_path, no_pages):
    (tmp_path / "gbk.txt").write_bytes(fixture_text("000").encode("gb18030"))
    ingest(tmp_path / "gbk.txt")
    assert Article.objects.filter(headline="武陟县委常委会议召开").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制文件"),
        (b"", "文件是空的"),
        (b"   \n\n  \r\n", "文件是空的"),
        (b"just some english text that is not a newspaper page at all\n" * 5, "不像报纸版面"),
        ("本报讯".encode() + b"\xff\xfe\xfa broken bytes", "无法按 UTF-8 或 GB18030 解码"),
    ],
    ids=["binary", "empty", "blank", "not-a-page", "undecodable"],
)
def test_bad_file_gets_one_clear_line_and_the_others_still_load(tmp_path, no_pages, capsys, content, message):
    (tmp_path / "bad.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text(fixture_text("001"), encoding="utf-8")
    with pytest.raises(CommandError, match="1 个文件未能导入"):
        ingest(tmp_path / "bad.txt", tmp_path / "good.txt")
    err = capsys.readouterr().err
    error_lines = [line for line in err.splitlines() if "bad.txt" in line]
    assert len(error_lines) == 1 and message in error_lines[0]
    assert "Traceback" not in err
    assert Page.objects.get().source_name == "good.txt"


def test_unreadable_path_is_reported_by_name(tmp_path, no_pages, capsys):
    with pytest.raises(CommandError):
        ingest(tmp_path / "missing.txt")
    assert "missing.txt: 无法读取" in capsys.readouterr().err


def test_too_large_file_is_refused(tmp_path, no_pages, capsys, settings):
    settings.ARCHIVE_MAX_PAGE_BYTES = 1000
    (tmp_path / "big.txt").write_text(fixture_text("000"), encoding="utf-8")
    with pytest.raises(CommandError):
        ingest(tmp_path / "big.txt")
    assert "文件过大" in capsys.readouterr().err
    assert not Page.objects.exists()


def test_a_file_that_fails_midway_leaves_nothing_behind(tmp_path, no_pages, monkeypatch):
    """All-or-nothing: an error after the page row is written rolls the whole file back."""
    from archive import ingest as ingest_module

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingest_module, "_save_mentions", fail)
    (tmp_path / "p.txt").write_text(fixture_text("002"), encoding="utf-8")
    with pytest.raises(RuntimeError):
        ingest(tmp_path / "p.txt")
    assert not Page.objects.exists() and not Article.objects.exists()


def test_given_date_wins_and_is_marked_given(tmp_path, no_pages):
    (tmp_path / "p.txt").write_text(fixture_text("003"), encoding="utf-8")
    ingest(tmp_path / "p.txt", "--date", "2015-10-26", "--publication", "焦作日报")
    edition = Edition.objects.get()
    assert (str(edition.date), edition.date_source, edition.publication.name) == ("2015-10-26", "given", "焦作日报")
    # Event dates take their year from the edition.
    assert any("2015-10-23" in a.event_dates for a in Article.objects.all())


def test_bad_date_option_is_explained(tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        ingest(tmp_path, "--date", "27/03/2020")


def test_undated_county_paper_is_filed_under_its_own_paper(tmp_path, no_pages):
    (tmp_path / "p.txt").write_text(fixture_text("001"), encoding="utf-8")
    ingest(tmp_path / "p.txt")
    edition = Edition.objects.get()
    assert edition.date is None and edition.key.startswith("undated-")
    assert edition.publication.name == "武陟县报"


def test_correction_survives_reingesting_the_same_file_changed(tmp_path, no_pages):
    page = tmp_path / "p.txt"
    page.write_text(fixture_text("000"), encoding="utf-8")
    ingest(page)
    article = Article.objects.get(ordinal=1)
    article.headline, article.corrected_fields = "修武县召开招商引资工作会议", ["headline"]
    article.save()
    page.write_text(fixture_text("000").replace("（融媒）", "（融媒体）"), encoding="utf-8")  # re-OCR'd
    ingest(page)
    assert Article.objects.get(ordinal=1).headline == "修武县召开招商引资工作会议"
    assert Page.objects.count() == 1


def test_an_official_known_from_a_titled_mention_is_found_bare_on_a_later_page(tmp_path, django_capture_on_commit_callbacks):
    from archive.ingest import page_ingest

    first = "本报讯 3月19日，县委书记郭振华主持召开会议，研究部署春耕生产工作。"
    later = "本报讯 4月2日，我县举行植树活动。在植树现场，郭振华、李德胜挥锹铲土，栽下一棵棵树苗。"
    with django_capture_on_commit_callbacks(execute=True):
        page_ingest(data=first.encode(), source_name="first.txt")
        page_ingest(data=later.encode(), source_name="later.txt")
    later_article = Article.objects.get(page__source_name="later.txt")
    assert later_article.mentions.filter(person__name="郭振华", role="official").exists()
    # 李德胜 was never seen with a title: nothing teaches the archive that he is an official.
    assert not later_article.mentions.filter(person__name="李德胜").exists()
