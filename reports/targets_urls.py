"""Patterns of the report targets pages (filled by their own module)."""

urlpatterns = []
