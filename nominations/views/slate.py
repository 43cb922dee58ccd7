"""The slate, the decision memo (staff) and the selecting official's decision."""

urlpatterns: list = []
