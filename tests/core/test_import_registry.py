"""The kind registry: apps register their kinds, a full load follows the declared dependencies."""

import pytest
from django.core.management import call_command

from core.imports import Kind, get_kind, kind_names, register, registry


@pytest.fixture
def kinds(monkeypatch):
    """The registry as the apps filled it, restored after the test."""
    monkeypatch.setattr(registry, "_KINDS", dict(registry._KINDS))
    return registry._KINDS


def test_kind_names_lists_every_app_kind_after_its_dependencies():
    names = kind_names()

    assert sorted(names) == sorted(
        [
            "unions",
            "terms",
            "societies",
            "activities",
            "members",
            "committee",
            "commendations",
            "contests",
            "entries",
            "awards",
            "initiatives",
            "consultations",
        ]
    )
    for name in names:
        for needed in get_kind(name).depends_on:
            assert names.index(needed) < names.index(name), (name, needed)


def test_a_kind_registered_by_a_new_app_joins_the_order(kinds):
    @register
    class TalksKind(Kind):
        name = "sessions_talks"
        depends_on = ("sessions", "societies")

    @register
    class SessionsKind(Kind):
        name = "sessions"
        depends_on = ("unions",)

    names = kind_names()

    assert names.index("unions") < names.index("sessions") < names.index("sessions_talks")
    assert names.index("societies") < names.index("sessions_talks")
    assert isinstance(get_kind("sessions_talks"), TalksKind)


def test_kind_names_refuses_a_dependency_loop(kinds):
    @register
    class FirstKind(Kind):
        name = "first"
        depends_on = ("second",)

    @register
    class SecondKind(Kind):
        name = "second"
        depends_on = ("first",)

    with pytest.raises(ValueError, match="depend on each other"):
        kind_names()


def test_kind_names_refuses_an_unregistered_dependency(kinds):
    @register
    class LonelyKind(Kind):
        name = "lonely"
        depends_on = ("nowhere",)

    with pytest.raises(ValueError, match="unregistered 'nowhere'"):
        kind_names()


def test_two_kinds_with_one_name_are_refused(kinds):
    with pytest.raises(ValueError, match="two kinds are named 'members'"):

        @register
        class OtherMembersKind(Kind):
            name = "members"


def test_import_records_help_lists_the_registered_kinds(capsys):
    with pytest.raises(SystemExit):
        call_command("import_records", "--help")

    out = capsys.readouterr().out
    assert ", ".join(kind_names()) in " ".join(out.split())
