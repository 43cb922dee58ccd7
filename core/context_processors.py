from django.conf import settings
from django.urls import reverse

from accounts.rules import is_award_staff, is_nominator, is_panelist, is_selecting_official

# (predicate, URL name, label) for the header's role links, in menu order.
ROLE_LINKS = (
    (is_nominator, "nominations:my_nominations", "My nominations"),
    (is_award_staff, "nominations:staff_home", "Award staff"),
    (is_award_staff, "nominations:staff_queue", "Nominations"),
    (is_award_staff, "nominations:staff_cycles", "Cycles"),
    (is_award_staff, "nominations:staff_outbox", "Outbox"),
    (is_award_staff, "people:people", "People"),
    (is_panelist, "reviews:panelist_home", "Panel review"),
    (is_selecting_official, "selection:selection_home", "Selection"),
)


def site(request) -> dict:
    """The site name, the header links the signed-in user's roles open, and whether the
    user is award staff (pages shared with other roles show staff-only links by it).

    Role names are read once per request (accounts.rules caches them on the user), so
    this adds at most one query to a page, and none for anonymous visitors.
    """
    user = getattr(request, "user", None)
    role_links = []
    staff = False
    if user is not None and user.is_authenticated:
        staff = is_award_staff(user)
        role_links = [
            {"url": reverse(url_name), "label": label}
            for predicate, url_name, label in ROLE_LINKS
            if predicate(user)
        ]
    return {
        "AWARDS_SITE_NAME": getattr(settings, "AWARDS_SITE_NAME", "Awards"),
        "local_signup_open": settings.AWARDS_LOCAL_SIGNUP,
        "role_links": role_links,
        "user_is_award_staff": staff,
    }
