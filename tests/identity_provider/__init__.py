"""A real OpenID Connect identity provider for the tests: allauth's own `allauth.idp.oidc`
in a second process (`serve.py`), with its own settings, SQLite file and signing key, and
a way to make it misbehave on demand (`misbehaviour.py`)."""
