"""Posting to admin change forms as a browser would: with the version the form was shown with."""

from core.concurrency import VERSION_FIELD


def post_with_version(client, url, data, **kwargs):
    """GET `url` first and send the record version its form carries (when it has one), so a
    test reaches the rule it is about instead of the stale-save refusal."""
    shown = client.get(url)
    context = getattr(shown, "context", None)
    form = context.get("adminform").form if context and context.get("adminform") else None
    if form is not None and VERSION_FIELD in form.fields and VERSION_FIELD not in data:
        data = {**data, VERSION_FIELD: form[VERSION_FIELD].value()}
    return client.post(url, data, **kwargs)
