"""One way to count the queries of a page, for every query-count test (conventions §7)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str, data: dict | None = None, *, limit: int = 10) -> int:
    """GET `url`: the page answers 200 in at most `limit` queries; returns how many it took."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200, response.status_code
    queries = [query["sql"] for query in captured.captured_queries]
    assert len(queries) <= limit, f"{len(queries)} queries (limit {limit}):\n" + "\n".join(queries)
    return len(queries)
