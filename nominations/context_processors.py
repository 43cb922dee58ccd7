from django.conf import settings


def site(request) -> dict:
    return {"AWARDS_SITE_NAME": getattr(settings, "AWARDS_SITE_NAME", "Awards")}
