"""Patterns of the report dashboard pages (filled by their own module)."""

urlpatterns = []
