"""The admin through Django's test client: upload, review, correct; permissions and history."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from archive.models import Alias, Article, Edition, Mention, Person
from search.api import SearchParams, all_ids
from tests.conftest import fixture_text

pytestmark = pytest.mark.django_db
UPLOAD_URL = "/admin/archive/edition/upload/"


def new_page_text() -> str:
    """A page the archive does not have yet: a fixture page as if re-set for another day."""
    return fixture_text("000").replace("2020年3月27日", "2020年3月28日")


def upload(client, *files, **fields):
    return client.post(UPLOAD_URL, {"files": list(files), **fields}).content.decode()


def test_admin_speaks_chinese_and_links_to_upload(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "地方政务新闻档案 · 管理" in html and "上传版面" in html
    assert "上传版面" in admin_client.get("/admin/archive/edition/").content.decode()


def test_upload_creates_then_recognises_the_same_page(editor, django_capture_on_commit_callbacks, fresh_index):
    page = SimpleUploadedFile("new.txt", new_page_text().encode("gb18030"))
    with django_capture_on_commit_callbacks(execute=True):
        html = upload(editor, page)
    assert "new.txt：已新建（7 篇文章" in html
    assert Edition.objects.filter(key="2020-03-28").exists()
    assert len(set(all_ids(SearchParams(q="柴英杰")))) == 1  # the index followed
    again = SimpleUploadedFile("again.txt", new_page_text().replace("\n", "\r\n").encode("utf-8"))
    assert "again.txt：内容未变，未重复导入" in upload(editor, again)
    assert LogEntry.objects.filter(user__username="bianji", change_message__contains="new.txt").exists()


def test_upload_errors_are_plain_chinese_and_other_files_still_load(editor):
    binary = SimpleUploadedFile("scan.txt", b"\x89PNG\x00\x00binary")
    wrong_type = SimpleUploadedFile("page.pdf", b"%PDF-1.4")
    empty = SimpleUploadedFile("empty.txt", b"")
    good = SimpleUploadedFile("good.txt", new_page_text().encode())
    html = upload(editor, binary, wrong_type, empty, good)
    assert "scan.txt: 这是二进制文件" in html
    assert "page.pdf: 只能上传 .txt 文本文件" in html
    assert "empty.txt" in html
    assert "good.txt：已新建" in html


def test_an_upload_over_the_size_limit_is_refused_by_its_size_and_the_others_load(editor, settings):
    settings.ARCHIVE_MAX_PAGE_BYTES = 64 * 1024
    huge = SimpleUploadedFile("huge.txt", b"\n".join([new_page_text().encode()] * 20))
    good = SimpleUploadedFile("good.txt", new_page_text().encode())
    html = upload(editor, huge, good)
    assert f"huge.txt: 文件过大（{huge.size // 1024} KB，上限 64 KB）" in html
    assert "good.txt：已新建" in html


def test_upload_with_a_date_for_an_undated_page(editor):
    html = upload(editor, SimpleUploadedFile("p.txt", fixture_text("003").replace("宁郭镇", "宁郭 镇", 1).encode()), date="2015-10-26", publication="焦作日报")
    assert "p.txt：已新建" in html
    assert Edition.objects.get(key="2015-10-26").date_source == "given"


def test_only_staff_reach_the_admin_and_only_superusers_delete_editions(client, editor):
    edition = Edition.objects.filter(date__isnull=False).first()
    assert editor.get(f"/admin/archive/edition/{edition.pk}/delete/").status_code == 403
    assert editor.get(f"/admin/archive/edition/{edition.pk}/change/").status_code == 200
    client.logout()
    assert client.get(UPLOAD_URL).status_code == 302  # to the login page
    User.objects.create_user("reader", password="pw")
    client.login(username="reader", password="pw")
    assert client.get("/admin/").status_code == 302


def test_page_review_shows_raw_text_beside_the_articles(editor):
    article = Article.objects.get(headline="武陟县委常委会议召开")
    html = editor.get(f"/admin/archive/page/{article.page_id}/change/").content.decode()
    assert "JIAOZUO DAILY" in html and "武陟县委常委会议召开" in html and "第 250 行起" in html


def change_article(client, article, **changes):
    """The article's change form as the editor submits it: the article as it is, then `changes`."""
    data = {
        "headline": article.headline, "kicker": article.kicker, "subheadline": article.subheadline,
        "kind": article.kind, "county": article.county, "event_dates": "\n".join(article.event_dates),
        "body": article.body, "mentions-TOTAL_FORMS": "0", "mentions-INITIAL_FORMS": "0",
        **({"headline_printed": "on"} if article.headline_printed else {}),
        **changes,
    }
    return client.post(f"/admin/archive/article/{article.pk}/change/", data)


def test_corrected_headline_is_searchable_at_once_and_survives_rebuild_and_reingest(editor, django_capture_on_commit_callbacks, fresh_index, tmp_path):
    article = Article.objects.get(headline="修武县召开2020年招商引资工作会议")
    with django_capture_on_commit_callbacks(execute=True):
        response = change_article(editor, article, headline="修武县全力招商引资", county="修武县")
    assert response.status_code == 302
    article.refresh_from_db()
    # The page printed no headline: the editor's is theirs, not the page's.
    assert not article.headline_printed and "headline" in article.corrected_fields
    assert article.pk in set(all_ids(SearchParams(q="全力招商")))
    call_command("build_index")
    assert article.pk in set(all_ids(SearchParams(q="全力招商")))
    changed = tmp_path / article.page.source_name
    changed.write_text(fixture_text("000").replace("（融媒）", "（本报融媒）"), encoding="utf-8")
    call_command("ingest", str(changed))
    reingested = Article.objects.get(page=article.page, ordinal=1)
    assert reingested.headline == "修武县全力招商引资" and reingested.headline_supplied
    assert LogEntry.objects.filter(object_id=str(article.pk), user__username="bianji").exists()


def test_people_added_by_hand_with_titles(editor):
    article = Article.objects.get(headline="武陟县委常委会议召开")
    person = Person.objects.create(name="王新人")
    response = change_article(editor, article, **{
        "mentions-TOTAL_FORMS": "1", "mentions-0-person": str(person.pk), "mentions-0-role": "official",
        "mentions-0-titles": "县委常委、副县长\n 县政府党组书记 \n", "mentions-0-article": str(article.pk),
    })
    assert response.status_code == 302
    mention = Mention.objects.get(person=person)
    titles = ["县委常委、副县长", "县政府党组书记"]  # one a line; a title's own 、 stays
    assert (mention.article_id, mention.page_id, mention.titles) == (article.pk, article.page_id, titles)


def test_split_merge_and_mark_duplicate(editor):
    article = Article.objects.get(headline="武陟县委常委会议召开")
    paragraphs = article.body.split("\n")
    editor.post(f"/admin/archive/article/{article.pk}/paragraphs/", {"action": "split", "paragraph": "3"})
    article.refresh_from_db()
    assert article.body.split("\n") == paragraphs[:2]
    new = Article.objects.get(page=article.page, body="\n".join(paragraphs[2:]))
    assert not new.headline_printed
    editor.post("/admin/archive/article/", {"action": "merge_with_next", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert paragraphs[2] in article.body
    editor.post(f"/admin/archive/article/{article.pk}/paragraphs/", {"action": "duplicate", "paragraph": "1"})
    article.refresh_from_db()
    assert paragraphs[0] not in article.body and paragraphs[0] in article.page.duplicates


def test_merge_two_people_keeps_the_other_as_alias(editor):
    keep, other = Person.objects.get(name="柴英杰"), Person.objects.create(name="柴英")
    Mention.objects.create(person=other, page=keep.mentions.first().page, article=Article.objects.get(headline="武陟县委常委会议召开"), role="official")
    editor.post("/admin/archive/person/", {"action": "merge_people", "_selected_action": [keep.pk, other.pk], "keep": keep.pk})
    assert not Person.objects.filter(name="柴英").exists()
    assert Alias.objects.get(name="柴英").person == keep
    assert keep.mentions.count() == 2


def test_rename_keeps_the_old_spelling_as_alias(editor):
    person = Person.objects.get(name="魏松")
    editor.post(f"/admin/archive/person/{person.pk}/change/", {"name": "魏 松新", "category": "official", "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"})
    person.refresh_from_db()
    assert person.name == "魏 松新" and Alias.objects.get(name="魏松").person == person


def test_people_list_shows_mention_counts_and_dates(editor):
    html = editor.get("/admin/archive/person/?q=王家鹏").content.decode()
    assert "王家鹏" in html and "提及篇数" in html and "最早见报" in html


def test_editors_pick_officials_by_autocomplete(editor):
    response = editor.get("/admin/autocomplete/", {"term": "王家", "app_label": "archive", "model_name": "mention", "field_name": "person"})
    assert [r["text"] for r in response.json()["results"]] == ["王家鹏"]
