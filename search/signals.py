"""The index follows the database: every change to an article or to who it names is
re-indexed after the transaction commits, never before."""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from archive.models import Article, Mention, Person


class OnCommitSignalProcessor(BaseSignalProcessor):
    def setup(self):
        signals.post_save.connect(self.article_changed, sender=Article)
        signals.post_delete.connect(self.article_changed, sender=Article)
        signals.post_save.connect(self.mention_changed, sender=Mention)
        signals.post_delete.connect(self.mention_changed, sender=Mention)
        signals.post_save.connect(self.person_saved, sender=Person)

    def teardown(self):
        signals.post_save.disconnect(self.article_changed, sender=Article)
        signals.post_delete.disconnect(self.article_changed, sender=Article)
        signals.post_save.disconnect(self.mention_changed, sender=Mention)
        signals.post_delete.disconnect(self.mention_changed, sender=Mention)
        signals.post_save.disconnect(self.person_saved, sender=Person)

    def person_saved(self, sender, instance, **kwargs):
        """A new name is one word for jieba from now on."""
        from .analysis import load_dictionary

        load_dictionary([instance.name])

    def article_changed(self, sender, instance, **kwargs):
        from .api import index_later

        index_later(instance.pk)

    def mention_changed(self, sender, instance, **kwargs):
        from .api import index_later

        if instance.article_id:
            index_later(instance.article_id)
