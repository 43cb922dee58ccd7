"""Panel results and calibration for staff and the panel chair, with CSV export."""

urlpatterns: list = []
