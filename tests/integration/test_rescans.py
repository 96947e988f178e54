"""A page has one home: a new scan of a page already loaded, under any file name, replaces its
text as a new version (with `ingest --replace`), never a second page; its articles keep their ids."""

import pytest
from django.core.management import CommandError, call_command

from archive.models import Page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index", "index_follows")]


@pytest.fixture
def index_follows(django_capture_on_commit_callbacks):
    """Every commit's indexing runs in this test, into its own index (none left for the next)."""
    with django_capture_on_commit_callbacks(execute=True):
        yield


@pytest.fixture
def page():
    return Page.objects.get(edition__key="2020-03-27", sequence=7)


@pytest.fixture
def rescan(tmp_path, page):
    """Page 07 scanned again, under another name, with a few characters read differently."""
    path = tmp_path / "scan-2026-12-02.txt"
    text = page.raw_text.replace("（融媒）", "（本报融媒）").replace("县委常委会议", "县委常委 会议", 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_rescan_without_replace_names_the_file_and_the_page_and_changes_nothing(page, rescan, capsys):
    before = (Page.objects.count(), page.raw_text, sorted(page.articles.values_list("pk", "ordinal", "body")))
    with pytest.raises(CommandError):
        call_command("ingest", str(rescan))
    lines = [line for line in capsys.readouterr().err.splitlines() if "scan-2026-12-02.txt" in line]
    assert len(lines) == 1 and str(page) in lines[0] and "--replace" in lines[0]
    page.refresh_from_db()
    assert (Page.objects.count(), page.raw_text, sorted(page.articles.values_list("pk", "ordinal", "body"))) == before
    assert not page.versions.exists()


def test_rescan_with_replace_is_a_new_version_of_the_same_page_and_articles_keep_ids(page, rescan, capsys, client):
    old_text = page.raw_text
    ids = dict(page.articles.values_list("ordinal", "pk"))
    call_command("ingest", str(rescan), "--replace")
    assert ": replaced" in capsys.readouterr().out
    page.refresh_from_db()
    assert Page.objects.filter(edition=page.edition).count() == 1
    assert page.raw_text == rescan.read_text(encoding="utf-8")
    assert dict(page.articles.values_list("ordinal", "pk")) == ids
    assert not page.articles.filter(withdrawn=True).exists()
    assert list(page.versions.values_list("number", "source_name")) == [(1, page.source_name), (2, rescan.name)]
    text_url = page.get_absolute_url() + "text/"
    assert client.get(text_url + "?version=1").content.decode() == old_text
    assert client.get(text_url + "?version=2").content.decode() == page.raw_text
    assert client.get(text_url).content.decode() == page.raw_text
    assert client.get(text_url + "?version=9").status_code == 404


def test_edited_file_reuploaded_under_its_own_name_keeps_article_ids(page, tmp_path, capsys):
    ids = dict(page.articles.values_list("ordinal", "pk"))
    edited = tmp_path / page.source_name
    edited.write_text(page.raw_text.replace("（融媒）", "（本报融媒）"), encoding="utf-8")
    call_command("ingest", str(edited))
    assert ": updated" in capsys.readouterr().out
    assert dict(page.articles.values_list("ordinal", "pk")) == ids
    assert page.versions.count() == 2


def test_admin_upload_of_a_rescan_asks_first_then_replaces_on_confirmation(page, rescan, admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ids = dict(page.articles.values_list("ordinal", "pk"))
    upload = SimpleUploadedFile(rescan.name, rescan.read_bytes())
    html = admin_client.post("/admin/archive/edition/upload/", {"files": [upload]}).content.decode()
    assert f"替换 {page.edition} 第07版：" in html and "篇文章有改动" in html
    page.refresh_from_db()
    assert page.raw_text != rescan.read_text(encoding="utf-8") and not page.versions.exists()
    token = html.split('name="rescan" value="')[1].split('"')[0]
    html = admin_client.post("/admin/archive/edition/upload/", {"confirm_rescans": "1", "rescan": token}).content.decode()
    assert "已替换为新扫描" in html
    page.refresh_from_db()
    assert page.raw_text == rescan.read_text(encoding="utf-8") and page.versions.count() == 2
    assert dict(page.articles.values_list("ordinal", "pk")) == ids
    assert "?version=1" in admin_client.get(f"/admin/archive/page/{page.pk}/change/").content.decode()
    # A confirmation is used once.
    html = admin_client.post("/admin/archive/edition/upload/", {"confirm_rescans": "1", "rescan": token}).content.decode()
    assert "已处理过或已过期" in html and page.versions.count() == 2


def test_a_scan_never_confirmed_is_dropped_after_a_day(tmp_path, settings):
    import os
    import time

    from archive.rescans import HELD_FOR, rescan_hold, rescan_release

    settings.MEDIA_ROOT = str(tmp_path)
    stale = rescan_hold(data=b"page", source_name="old.txt", publication=None, date=None)
    long_ago = time.time() - HELD_FOR.total_seconds() - 60
    for path in (tmp_path / "rescans-to-confirm").glob(f"{stale}.*"):
        os.utime(path, (long_ago, long_ago))
    fresh = rescan_hold(data=b"page", source_name="new.txt", publication=None, date=None)
    assert rescan_release(stale) is None
    assert rescan_release(fresh)["source_name"] == "new.txt"
    assert rescan_release(fresh) is None
