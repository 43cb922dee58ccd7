"""The attestation a panelist signs before seeing any nomination."""

urlpatterns: list = []
