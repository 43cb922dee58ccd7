"""The Atom feed of the published announcements, at /announcements/feed.atom: one entry
per announced or archived cycle of the featured program, newest year first
(docs/workflow.md, "Open data"). A cycle not yet announced has no entry, a scheduled
announcement included, until `announce_scheduled` has made it.
"""

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import path
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.views.decorators.http import require_safe

from nominations.models import AwardProgram
from nominations.selectors.public import featured_program
from selection.selectors.open_data import (
    PublishedAnnouncement,
    public_address,
    published_announcements,
)
from selection.views.open_data import open_to_every_site


class AnnouncementFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        return open_to_every_site(super().__call__(request, *args, **kwargs))

    def get_object(self, request, *args, **kwargs) -> AwardProgram:
        program = featured_program()
        if program is None:
            # The syndication view answers a missing object with a 404.
            raise AwardProgram.DoesNotExist("No award program.")
        return program

    def title(self, program: AwardProgram) -> str:
        return f"{program.name}: announcements"

    def subtitle(self, program: AwardProgram) -> str:
        return f"The published announcements of the recipients of the {program.name}."

    def link(self, program: AwardProgram) -> str:
        return public_address("nominations:home")

    def feed_url(self, program: AwardProgram) -> str:
        return public_address("selection:announcement_feed")

    def feed_guid(self, program: AwardProgram) -> str:
        # The feed's own address is its permanent id, as each entry's page is the entry's.
        return public_address("selection:announcement_feed")

    def author_name(self, program: AwardProgram) -> str:
        return settings.AWARDS_SITE_NAME

    def items(self, program: AwardProgram) -> list[PublishedAnnouncement]:
        return published_announcements(program=program)

    def item_title(self, entry: PublishedAnnouncement) -> str:
        # An Atom title is text: the default's escaping would show "&amp;" to readers.
        return entry.title

    def item_link(self, entry: PublishedAnnouncement) -> str:
        return entry.url

    def item_description(self, entry: PublishedAnnouncement) -> str | None:
        # Atom1Feed writes the summary as type="html": the text is escaped to read as is.
        return escape(entry.award_paragraph) if entry.award_paragraph else None

    def item_pubdate(self, entry: PublishedAnnouncement) -> dt.datetime:
        return entry.announced_at.replace(microsecond=0)

    def item_updateddate(self, entry: PublishedAnnouncement) -> dt.datetime:
        # The announcement's moment: a later move (the archive) changes nothing published.
        return entry.announced_at.replace(microsecond=0)

    def item_author_name(self, entry: PublishedAnnouncement) -> str | None:
        return entry.signatory or None


urlpatterns: list = [
    path("announcements/feed.atom", require_safe(AnnouncementFeed()), name="announcement_feed"),
]
