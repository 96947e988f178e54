"""Publication → Edition → Page → Article ↔ Person (through Mention)."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def county_choices() -> list[tuple[str, str]]:
    """The counties, districts and cities the archive's articles are about, by name: any place
    of the gazetteer (archive/parsing/data/divisions.tsv) or a paper's zone can be one."""
    names = Article.objects.exclude(county="").values_list("county", flat=True).distinct().order_by("county")
    return [(name, name) for name in names]


def is_article_county(name: str) -> bool:
    """Whether some article is about this county: one look-up in the county index, where
    county_choices reads every article (≈ 20 ms at 100,000 articles, on every search request
    that checked its parameters against it)."""
    return bool(name) and Article.objects.filter(county=name).exists()


class Publication(models.Model):
    name = models.CharField(_("报纸"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = _("报纸")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DateSource(models.TextChoices):
    PRINTED = "printed", _("版面印刷")
    INFERRED = "inferred", _("从正文推断")
    GIVEN = "given", _("编者指定")  # at import (--date, the upload form) or in the admin


class Edition(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="editions")
    date = models.DateField(_("日期"), null=True, blank=True, db_index=True)
    date_source = models.CharField(_("日期来源"), max_length=10, choices=DateSource.choices, blank=True)
    # The URL segment: the date (2020-03-27), or "undated-<hash>" for a page that prints no date.
    key = models.SlugField(max_length=40)

    class Meta:
        verbose_name = verbose_name_plural = _("期次")
        ordering = ["-date", "key"]
        constraints = [models.UniqueConstraint(fields=["publication", "key"], name="unique_edition_key")]

    def __str__(self):
        return f"{self.publication} {self.key}"

    def get_absolute_url(self):
        return reverse("archive:edition", args=[self.publication.slug, self.key])


class FormerEditionKey(models.Model):
    """A URL segment an edition was published under before an editor dated it (undated-…) or
    re-dated it: its URLs keep answering, by redirecting to the edition's current ones."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(max_length=40)
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="former_keys")

    class Meta:
        verbose_name = verbose_name_plural = _("期次旧网址")
        constraints = [models.UniqueConstraint(fields=["publication", "key"], name="unique_former_edition_key")]

    def __str__(self):
        return f"{self.publication} {self.key} → {self.edition.key}"


class Page(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="pages")
    sequence = models.PositiveSmallIntegerField(_("版次"))  # the printed page number when there is one
    number_printed = models.BooleanField(default=False)
    label = models.CharField(_("版名"), max_length=40, blank=True)
    source_name = models.CharField(_("源文件"), max_length=255)
    content_hash = models.CharField(max_length=64, unique=True)
    raw_text = models.TextField(_("原始文本"))
    staff = models.JSONField(default=list, blank=True)  # [{"role": "编辑", "name": "刘振毅"}]
    furniture = models.JSONField(default=list, blank=True)
    duplicates = models.JSONField(default=list, blank=True)
    # Doubts of its articles not yet reviewed: the admin lists pages worst first (待核对).
    doubt_count = models.PositiveIntegerField(_("待核对"), default=0, db_index=True)
    ingested_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("版面")
        ordering = ["edition", "sequence"]
        constraints = [models.UniqueConstraint(fields=["edition", "sequence"], name="unique_page_sequence")]

    def __str__(self):
        return f"{self.edition} {self.display_number}"

    @property
    def display_number(self) -> str:
        """07版; Page 7 in English."""
        return gettext("%(number)02d版") % {"number": self.sequence}

    def get_absolute_url(self):
        return reverse("archive:page", args=[self.edition.publication.slug, self.edition.key, self.sequence])


class PageVersion(models.Model):
    """A text the page has had: a new scan of it replaces its text (Page.raw_text, the latest)
    and the earlier ones stay here, numbered from 1 (…/text/?version=N)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    raw_text = models.TextField(_("原始文本"))
    source_name = models.CharField(_("源文件"), max_length=255)
    loaded_at = models.DateTimeField(_("导入时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("版面文本版本")
        ordering = ["page", "number"]
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="unique_page_version")]

    def __str__(self):
        return f"{self.page} v{self.number}"


class Kind(models.TextChoices):
    NEWS = "news", _("消息")
    COMMENTARY = "commentary", _("评论")
    FEATURE = "feature", _("通讯")
    PHOTO = "photo", _("图片")


def new_revision() -> str:
    """A token for what an article says (its text, fields and the people it names) as of one
    save: random, so a stale copy saved again still gets one no index has seen."""
    return secrets.token_hex(8)


class ArticleQuerySet(models.QuerySet):
    def index_pending(self):
        """Articles whose latest revision the search index has not acknowledged: changed and
        committed, but not (yet) written to the index."""
        return self.exclude(indexed_revision=models.F("revision"))

    def current(self):
        """Without the withdrawn: what the pages' latest texts hold (a withdrawn article keeps
        only its own URL)."""
        return self.filter(withdrawn=False)

    def in_reading_order(self):
        return self.order_by("-page__edition__date", "page__edition__key", "page__sequence", "position")

    def for_display(self):
        return self.select_related("page__edition__publication")


class Article(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="articles")
    ordinal = models.PositiveSmallIntegerField(_("序号"))  # in the URL: never changes
    # Reading order on the page: the ordinal, unless an editor split an article (the new part
    # goes between its parent and the next article without renumbering anyone's URL).
    position = models.FloatField(default=0)
    kind = models.CharField(_("体裁"), max_length=12, choices=Kind.choices, default=Kind.NEWS)
    headline = models.CharField(_("标题"), max_length=300)
    headline_printed = models.BooleanField(_("标题见报"), default=True)
    kicker = models.CharField(_("引题"), max_length=200, blank=True)
    subheadline = models.CharField(_("副题"), max_length=300, blank=True)
    body = models.TextField(_("正文"))
    byline = models.CharField(_("署名"), max_length=200, blank=True)
    credit = models.CharField(_("稿件来源"), max_length=200, blank=True)
    county = models.CharField(_("县区"), max_length=40, blank=True, db_index=True)
    event_dates = models.JSONField(_("事件日期"), default=list, blank=True)  # "2020-03-19" or "03-19"
    credit_orgs = models.JSONField(_("供稿单位"), default=list, blank=True)
    # What the parser was unsure of (archive/parsing/model.py DOUBTS), until an editor corrects it.
    doubts = models.JSONField(_("待核对"), default=list, blank=True)
    jumps = models.JSONField(_("转版"), default=list, blank=True)  # "（下转第3版）", as printed
    # Fields an editor corrected: a re-ingest of the same page never overwrites them.
    corrected_fields = models.JSONField(default=list, blank=True)
    corrected_at = models.DateTimeField(_("校对时间"), null=True, blank=True)  # the latest correction
    first_line = models.PositiveIntegerField(default=0)
    # No longer on the page: a new scan or a re-parse no longer holds its text. Kept, not
    # deleted, because its URL and id are cited; its page says so and search leaves it out.
    withdrawn = models.BooleanField(_("已撤下"), default=False, db_index=True)
    # Every save, and every change to the people it names, gives the article a new revision; the
    # index stores the revision it wrote and acknowledges it here. Where they differ the index
    # is behind ("待索引"), which `build_index --if-needed` and the next ingest repair.
    revision = models.CharField(max_length=16, default=new_revision, editable=False)
    indexed_revision = models.CharField(max_length=16, default="", blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("文章")
        ordering = ["page", "position"]
        constraints = [models.UniqueConstraint(fields=["page", "ordinal"], name="unique_article_ordinal")]

    def __str__(self):
        return self.headline

    def save(self, *args, update_fields=None, **kwargs):
        self.revision = new_revision()
        if update_fields is not None:
            update_fields = {*update_fields, "revision"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def index_pending(self) -> bool:
        return self.revision != self.indexed_revision

    def get_absolute_url(self):
        edition = self.page.edition
        return reverse("archive:article", args=[edition.publication.slug, edition.key, self.page.sequence, self.ordinal])

    @property
    def edition(self):
        return self.page.edition

    # Provenance, shown publicly: what an editor supplied rather than the page printed. A headline
    # typed for an article that printed none stays unprinted (headline_printed is the page's word).
    @property
    def headline_supplied(self) -> bool:
        return not self.headline_printed and "headline" in self.corrected_fields

    @property
    def county_supplied(self) -> bool:
        return bool(self.county) and "county" in self.corrected_fields

    @property
    def event_dates_supplied(self) -> bool:
        return bool(self.event_dates) and "event_dates" in self.corrected_fields

    def officials(self):
        return [m for m in self.mentions.all() if m.role in (Role.OFFICIAL, Role.BUSINESS, Role.OTHER)]

    def reporters(self):
        return [m.person for m in self.mentions.all() if m.role == Role.REPORTER]


class Role(models.TextChoices):
    OFFICIAL = "official", _("官员")
    REPORTER = "reporter", _("记者")
    STAFF = "staff", _("版面编辑")
    BUSINESS = "business", _("企业人士")
    OTHER = "other", _("其他")


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=40, unique=True)
    category = models.CharField(_("类别"), max_length=12, choices=Role.choices, default=Role.OFFICIAL)

    class Meta:
        verbose_name = verbose_name_plural = _("人物")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("archive:person", args=[self.name])


class Alias(models.Model):
    """Another spelling of a person's name (an OCR split, a merged duplicate): ingest files it
    under the person."""

    name = models.CharField(_("别名"), max_length=40, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = verbose_name_plural = _("别名")

    def __str__(self):
        return self.name


class Mention(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="mentions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions")
    role = models.CharField(_("身份"), max_length=12, choices=Role.choices)
    titles = models.JSONField(_("职务"), default=list, blank=True)  # as printed in this article
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("提及")
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["person", "page", "article", "role"], name="unique_mention"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    # The people an article names are part of what it says: its revision changes with them.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._article_revised()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._article_revised()
        return result

    def _article_revised(self) -> None:
        if self.article_id:
            Article.objects.filter(pk=self.article_id).update(revision=new_revision())

    @property
    def title_text(self) -> str:
        return "；".join(self.titles)


class Place(models.Model):
    """A place an article can be about: every province-, prefecture- and county-level division
    of the gazetteer (archive/parsing/data/divisions.tsv, loaded by a migration), and the zones
    a paper's profile names (示范区). An article's county is one of these places' names."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        PREFECTURE = "prefecture", _("地级")
        COUNTY = "county", _("县级")
        ZONE = "zone", _("功能区")

    code = models.CharField(_("区划代码"), max_length=6, blank=True, db_index=True)
    name = models.CharField(_("名称"), max_length=40, db_index=True)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")

    class Meta:
        verbose_name = verbose_name_plural = _("地名")
        ordering = ["code", "name"]

    def __str__(self):
        return self.name


DOUBT_LABELS = {
    "headline_guessed": _("标题由正文推断"),
    "headline_placement": _("标题归属存疑"),
    "boundary_gap": _("分篇依据较弱"),
    "caption_rejoined": _("图片说明插入正文"),
    "county_short_name": _("县区仅见简称"),
    "county_unnamed": _("未提及县区"),
}

