"""The socialaccount models stay out of the Django admin: the identity providers come from
the environment only (`accounts.oidc.configuration`), their tokens are not stored
(SOCIALACCOUNT_STORE_TOKENS off), and a person sees and removes the services linked to
their account on their own Account Connections page (/accounts/3rdparty/)."""

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

for model in (SocialApp, SocialToken, SocialAccount):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
