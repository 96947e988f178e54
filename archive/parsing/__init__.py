"""The page parser: pure Python (no Django), OCR'd page text in, plain frozen data out."""

from .model import EventDate, Mention, ParsedArticle, ParsedPage, StaffCredit
from .page import parse_page, unaccounted

__all__ = ["EventDate", "Mention", "ParsedArticle", "ParsedPage", "StaffCredit", "parse_page", "unaccounted"]
