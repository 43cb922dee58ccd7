"""Sign-in through OpenID Connect identity providers: Login.gov for the public and the
agency's own provider for staff (docs/login-gov.md).

allauth's socialaccount runs the flow; this app is the provider it runs it with. Unlike
allauth's stock OpenID Connect provider it sends a `nonce` and checks it, always checks
the ID token's signature against the provider's published keys (RS256 or ES256 only),
its issuer, audience, authorized party and times, authenticates to the token endpoint
with `private_key_jwt` when the agency's key is configured (else PKCE and the client
secret), takes its request parameters only from the settings, and signs the person out
at the provider too. The apps come from SOCIALACCOUNT_PROVIDERS["oidc"], built from
environment variables in the settings; none are read from the database.
"""
