"""Patterns of the report narrative pages (filled by their own module)."""

urlpatterns = []
