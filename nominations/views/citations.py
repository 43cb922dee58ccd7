"""Citations (staff): writing, versions and approval; the public recipients pages."""

urlpatterns: list = []
