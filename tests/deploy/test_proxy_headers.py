"""X-Forwarded-* believed from a trusted proxy only (config.middleware.TrustedProxyMiddleware)."""

import runpy
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from config.middleware import TrustedProxyMiddleware
from core.loopback import DEPLOY, NGINX, nginx_config
from core.proxy import client_ip, forwarded_client, parse_networks
from tests.factories import PASSWORD, UserFactory

PROXY = "10.0.0.2"
SPOOFED = {
    "HTTP_X_FORWARDED_FOR": "203.0.113.9",
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_X_FORWARDED_HOST": "evil.example",
    "HTTP_X_REQUEST_ID": "forged-request-id",
    "HTTP_FORWARDED": "for=203.0.113.9;proto=https",
}


def _seen(settings, trusted, **meta):
    """What the views see of a request after the middleware: the request itself."""
    settings.TRUSTED_PROXIES = trusted
    seen = {}

    def view(request):
        seen["request"] = request
        return HttpResponse()

    TrustedProxyMiddleware(view)(RequestFactory().get("/", **meta))
    return seen["request"]


def test_forwarded_headers_from_an_untrusted_address_are_dropped(settings):
    request = _seen(settings, [], REMOTE_ADDR="198.51.100.4", **SPOOFED)

    assert (client_ip(request), request.scheme, request.get_host()) == (
        "198.51.100.4",
        "http",
        "testserver",
    )
    assert [name for name in SPOOFED if name in request.META] == []


def test_forwarded_headers_from_a_trusted_proxy_give_client_scheme_and_host(settings):
    settings.ALLOWED_HOSTS = ["portal.example"]
    request = _seen(
        settings,
        ["10.0.0.0/24"],
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_HOST="portal.example",
        HTTP_X_REQUEST_ID="0123456789abcdef",
    )

    assert (client_ip(request), request.scheme, request.get_host()) == (
        "203.0.113.7",
        "https",
        "portal.example",
    )
    assert request.is_secure()
    assert request.META["HTTP_X_REQUEST_ID"] == "0123456789abcdef"


def test_a_trusted_proxy_does_not_pass_headers_it_never_sets(settings):
    request = _seen(settings, [PROXY], REMOTE_ADDR=PROXY, **SPOOFED)

    assert "HTTP_FORWARDED" not in request.META
    assert client_ip(request) == "203.0.113.9"


def test_a_trusted_proxy_without_forwarded_for_leaves_the_peer_address(settings):
    request = _seen(settings, [PROXY], REMOTE_ADDR=PROXY)

    assert (client_ip(request), request.scheme) == (PROXY, "http")


@pytest.mark.parametrize(
    ("header", "client"),
    [
        ("203.0.113.7", "203.0.113.7"),
        # The client wrote the left part itself: only what our proxies appended counts.
        ("1.2.3.4, 203.0.113.7", "203.0.113.7"),
        ("1.2.3.4, 203.0.113.7, 10.0.0.3", "203.0.113.7"),
        # Every hop one of ours: the left-most is the client.
        ("10.0.0.5, 10.0.0.3", "10.0.0.5"),
        ("203.0.113.7:5123", "203.0.113.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        # Garbage where our proxy's entry should be: nothing to believe.
        ("203.0.113.7, not-an-address", None),
        ("", None),
    ],
)
def test_forwarded_client_is_the_right_most_untrusted_entry(header, client):
    assert forwarded_client(header, parse_networks(("10.0.0.0/24",))) == client


def test_trusted_proxies_accept_ipv6_and_cidr(settings):
    request = _seen(
        settings,
        ["2001:db8:1::/64"],
        REMOTE_ADDR="2001:db8:1::5",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )

    assert client_ip(request) == "198.51.100.20"


def _login(client, email, password, **meta):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **meta)


@pytest.mark.django_db
def test_login_failures_behind_the_proxy_count_per_real_client(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.LOGIN_FAILURE_LIMITS = {"account": (100, 300), "address": (2, 900)}
    user = UserFactory()
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for _ in range(2):
        _login(client, user.email, "sai-mat-khau", **attacker)

    blocked = _login(client, user.email, PASSWORD, **attacker)
    other = _login(
        client, user.email, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8"
    )

    assert blocked.status_code == 200
    assert other.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.django_db
def test_login_failures_cannot_dodge_the_limit_with_a_forged_forwarded_for(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.LOGIN_FAILURE_LIMITS = {"account": (100, 300), "address": (2, 900)}
    user = UserFactory()
    for number in range(2):
        _login(
            client,
            user.email,
            "sai-mat-khau",
            REMOTE_ADDR="198.51.100.4",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )

    response = _login(
        client,
        user.email,
        PASSWORD,
        REMOTE_ADDR="198.51.100.4",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )

    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_the_loopback_nginx_config_is_deploy_nginx_conf_without_tls(tmp_path):
    conf = nginx_config(tmp_path, ["127.0.0.1:9001", "127.0.0.1:9002"], port=9000, proxy_bind=PROXY)

    directives = [line.strip() for line in conf.splitlines() if not line.strip().startswith("#")]
    assert [line for line in directives if "ssl" in line or "443" in line] == []
    assert [line for line in directives if line.startswith("server 1")] == [
        "server 127.0.0.1:9001;",
        "server 127.0.0.1:9002;",
    ]
    assert [line for line in directives if line.startswith("listen")] == ["listen 127.0.0.1:9000;"]
    assert f"proxy_bind {PROXY};" in directives
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in directives


@pytest.mark.skipif(not Path(NGINX).exists(), reason="needs nginx")
def test_the_loopback_nginx_config_is_accepted_by_nginx(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_config(tmp_path, ["127.0.0.1:9001"], port=9000, proxy_bind=PROXY))

    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-g", f"pid {tmp_path}/t.pid;"],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stderr


def test_gunicorn_trusts_no_scheme_header_and_only_the_configured_proxies(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.2,10.1.0.0/16")
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))

    assert conf["secure_scheme_headers"] == {}
    assert conf["forwarded_allow_ips"] == "10.0.0.2,10.1.0.0/16"
    assert conf["accesslog"] is None
