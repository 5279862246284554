"""Anonymisation, the retention review and the processing record (names prefixed
`privacy_erase_`, `privacy_retention_`, `privacy_record`)."""

urlpatterns = []
