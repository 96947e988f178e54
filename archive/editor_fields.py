"""Form fields that fit the editors: dates as people write them, lists one item a line.

The admin used to show event dates and titles as raw JSON: `2020年3月19日` was refused and
`2020-13-45` accepted and shown publicly.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

# 2020-03-19, 2020-3-19, 2020/3/19, 2020.3.19, and 03-19 when the year is unknown.
_NUMERIC = re.compile(r"(?:(\d{4})[-/.])?(\d{1,2})[-/.](\d{1,2})")
# 2020年3月19日, 3月19日 (号 as people also say it), spaces allowed between the parts.
_WRITTEN = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
# Several dates: one a line, or separated by commas or 、.
_DATE_SEPARATORS = re.compile(r"[\n,，、;；]+")
# Several titles: one a line (a title itself may hold 、: 县委常委、副县长).
_LINE_SEPARATORS = re.compile(r"[\n;；]+")
# A month and day without a year is checked against a leap year: 2月29日 can be.
_LEAP_YEAR = 2000


def editor_date(text: str, *, year_required: bool = False) -> str:
    """One date as an editor types it, as the archive stores it: "2020-03-19", or "03-19" when
    the year is unknown. ValueError, in words an editor understands, for anything else."""
    written = unicodedata.normalize("NFKC", text).strip()  # full-width digits and signs
    match = _NUMERIC.fullmatch(written) or _WRITTEN.fullmatch(written)
    if match is None:
        raise ValueError(f"“{text}”不是日期：请写成 2020-03-19 或 2020年3月19日（年份不详可写 3月19日）。")
    year, month, day = (int(part) if part else None for part in match.groups())
    if year is None and year_required:
        raise ValueError(f"“{text}”缺少年份：请写成 2020-03-19 或 2020年3月19日。")
    if not 1 <= month <= 12:
        raise ValueError(f"“{text}”是不存在的日期：没有{month}月（月份应为 1–12）。")
    try:
        date = datetime.date(year or _LEAP_YEAR, month, day)
    except ValueError:
        in_year = f"{year}年" if year else ""
        raise ValueError(f"“{text}”是不存在的日期：{in_year}{month}月没有{day}日。") from None
    return date.isoformat() if year else date.strftime("%m-%d")


class _ListField(forms.Field):
    """A list edited as text, one item a line; stored as a JSON list."""

    separators = _LINE_SEPARATORS

    def __init__(self, *, rows: int = 2, placeholder: str = "", **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows, "cols": 30, "placeholder": placeholder}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        if isinstance(value, (list, tuple)):
            return list(value)
        items = (item.strip() for item in self.separators.split(value or ""))
        return list(dict.fromkeys(item for item in items if item))

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, (list, tuple)) else value

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class LinesField(_ListField):
    """Titles as printed beside a name, one a line."""


class EventDatesField(_ListField):
    """Event dates, one a line or separated by commas or 、, in any form `editor_date` reads."""

    separators = _DATE_SEPARATORS

    def to_python(self, value) -> list[str]:
        if isinstance(value, (list, tuple)):
            return list(value)
        errors = []
        items = [item.strip() for item in self.separators.split(value or "") if item.strip()]
        dates = []
        for item in items:
            try:
                dates.append(editor_date(item))
            except ValueError as error:
                errors.append(ValidationError(str(error), code="invalid_date"))
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(dates))


class EditorDateField(forms.DateField):
    """One full date (an edition's), in any form `editor_date` reads, the year required."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(editor_date(str(value), year_required=True))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None
