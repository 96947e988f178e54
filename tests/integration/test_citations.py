"""Nothing an editor does breaks a citation: merged and renamed people, and editions given a
date, keep answering at their old URLs."""

import json
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest

from archive import corrections
from archive.models import Alias, Article, Edition, FormerEditionKey, Mention, Person

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def url(path: str) -> str:
    """A path as Django writes it in a Location header (Chinese percent-escaped)."""
    return quote(path)


# People keep their URLs


@pytest.fixture
def merged(editor):
    """柴英, an OCR split of 柴英杰 in one article, merged into 柴英杰 through the admin."""
    keep = Person.objects.get(name="柴英杰")
    article = Article.objects.get(headline="武陟县委常委会议召开")
    other = Person.objects.create(name="柴英")
    Mention.objects.create(person=other, page=article.page, article=article, role="official", titles=["县委常委"])
    action = {"action": "merge_people", "_selected_action": [keep.pk, other.pk], "keep": keep.pk}
    assert editor.post("/admin/archive/person/", action).status_code == 302
    return keep


def test_merged_persons_old_url_and_feed_redirect_permanently_to_the_kept_person(client, merged):
    response = client.get("/people/柴英/")
    assert (response.status_code, response["Location"]) == (301, url("/people/柴英杰/"))
    feed = client.get("/people/柴英/feed/")
    assert (feed.status_code, feed["Location"]) == (301, url("/people/柴英杰/feed/"))
    assert client.get("/people/nobody-ever/").status_code == 404


def test_person_page_shows_the_other_spellings(client, merged):
    html = client.get("/people/柴英杰/").content.decode()
    assert "其他写法：柴英" in html
    assert "Other spellings: 柴英" in client.get("/people/柴英杰/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "其他写法" not in client.get("/people/王家鹏/").content.decode()


def test_renamed_person_is_found_by_the_old_spelling_in_search_exports_and_feeds(
    editor, client, django_capture_on_commit_callbacks, fresh_index
):
    person = Person.objects.get(name="魏松")
    naming = Article.objects.filter(mentions__person=person).distinct().count()
    form = {"name": "魏嵩", "category": "official", "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(f"/admin/archive/person/{person.pk}/change/", form).status_code == 302
    assert Alias.objects.get(name="魏松").person == person

    assert client.get("/people/魏松/")["Location"] == url("/people/魏嵩/")
    # The search page asks again under the kept name, so its chips and links name who it found.
    page = client.get("/search/", {"official": "魏松", "q": "县"})
    assert page.status_code == 302 and page["Location"] == "/search/?" + "official=" + quote("魏嵩") + "&q=" + quote("县")
    old = json.loads(client.get("/search.json", {"official": "魏松"}).content)
    new = json.loads(client.get("/search.json", {"official": "魏嵩"}).content)
    assert old["count"] == new["count"] == naming > 0
    assert client.get("/search.csv", {"official": "魏松"}).getvalue() == client.get("/search.csv", {"official": "魏嵩"}).getvalue()
    entries = ET.fromstring(client.get("/search.atom", {"official": "魏松"}).content).findall(f"{ATOM}entry")
    assert len(entries) == naming


# Editions keep their URLs


def undated_edition() -> Edition:
    return Edition.objects.get(publication__name="焦作日报", date=None)


def date_in_admin(client, edition, date: str):
    pages = list(edition.pages.order_by("sequence"))
    data = {"date": date, "pages-TOTAL_FORMS": len(pages), "pages-INITIAL_FORMS": len(pages)}
    for n, page in enumerate(pages):
        data.update({f"pages-{n}-id": page.pk, f"pages-{n}-edition": edition.pk})
    return client.post(f"/admin/archive/edition/{edition.pk}/change/", data)


def test_undated_edition_given_a_date_answers_at_the_dated_url_and_its_old_urls_redirect(editor, client):
    edition = undated_edition()
    old = edition.key
    article = Article.objects.filter(page__edition=edition).order_by("position").first()
    old_article_url = article.get_absolute_url()
    assert date_in_admin(editor, edition, "2015年10月26日").status_code == 302

    edition.refresh_from_db()
    assert (edition.key, str(edition.date), edition.date_source) == ("2015-10-26", "2015-10-26", "given")
    assert client.get("/焦作日报/2015-10-26/").status_code == 200
    for path, moved in [
        (f"/焦作日报/{old}/", "/焦作日报/2015-10-26/"),
        (f"/焦作日报/{old}/1/", "/焦作日报/2015-10-26/1/"),
        (f"/焦作日报/{old}/1/text/", "/焦作日报/2015-10-26/1/text/"),
        (f"/焦作日报/{old}/1/{article.ordinal}/?q=县", f"/焦作日报/2015-10-26/1/{article.ordinal}/?q=县"),
    ]:
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (301, quote(moved, safe="/?=")), path
    assert client.get(old_article_url, follow=True).status_code == 200
    assert client.get(f"/焦作日报/{old}/9/", follow=True).status_code == 404  # a page it never had


def test_a_date_the_paper_already_has_joins_that_edition_when_page_numbers_do_not_clash(client):
    edition = undated_edition()
    old = edition.key
    dated = corrections.edition_date_set(edition=edition, date=Edition.objects.get(key="2020-03-27").date)
    assert dated.key == "2020-03-27" and sorted(dated.pages.values_list("sequence", flat=True)) == [1, 7]
    assert not Edition.objects.filter(pk=edition.pk).exists()
    assert client.get(f"/焦作日报/{old}/1/")["Location"] == url("/焦作日报/2020-03-27/1/")
    assert FormerEditionKey.objects.get(key=old).edition == dated


def test_a_date_whose_edition_has_the_same_page_number_is_refused_with_the_reason(editor):
    edition = undated_edition()  # its page is 01版, as is 2020-03-21's
    html = date_in_admin(editor, edition, "2020-03-21").content.decode()
    assert "2020-03-21 这一期已有01版" in html
    edition.refresh_from_db()
    assert edition.date is None and edition.key.startswith("undated-")


def test_re_dating_keeps_every_earlier_url_and_a_date_is_never_cleared(editor, client):
    edition = undated_edition()
    first = edition.key
    edition = corrections.edition_date_set(edition=edition, date=Edition.objects.get(key="2020-04-24").date.replace(year=2016))
    edition = corrections.edition_date_set(edition=edition, date=edition.date.replace(month=5))
    assert edition.key == "2016-05-24"
    assert client.get(f"/焦作日报/{first}/")["Location"] == url("/焦作日报/2016-05-24/")
    assert client.get("/焦作日报/2016-04-24/")["Location"] == url("/焦作日报/2016-05-24/")
    assert "不能改回日期不详" in date_in_admin(editor, edition, "").content.decode()
