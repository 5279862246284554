"""Who is the client: the reverse proxies we trust (settings.TRUSTED_PROXIES) and the address.

`X-Forwarded-For`, `-Proto`, `-Host` (and the request id a proxy sets) are believed only when the
connection comes from a trusted proxy; from anyone else they are dropped before anything reads
them (config.middleware.TrustedProxyMiddleware). Afterwards `client_ip(request)` is the one place
that says who the client is: rate limits, access logs and download records all ask it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Headers only a proxy may set; dropped unless the connection comes from a trusted one.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_X_REQUEST_ID",
)
# Never believed, even from a proxy: ours sets the three X-Forwarded-* and X-Request-ID only.
IGNORED_FROM_PROXY = (
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


@lru_cache(maxsize=8)
def parse_networks(value: tuple[str, ...]) -> tuple[Network, ...]:
    """`("10.0.0.5", "10.1.0.0/16")` -> networks; a bad entry is an error at start-up."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in value if item.strip())


def parse_address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:5000"
        value = value.split(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted(address: str | None, networks: Iterable[Network]) -> bool:
    parsed = parse_address(address or "")
    return parsed is not None and any(parsed in network for network in networks)


def forwarded_client(forwarded_for: str, networks: tuple[Network, ...]) -> str | None:
    """The client behind our proxies: the right-most X-Forwarded-For entry that is not itself a
    trusted proxy (entries further left were written by the client and may be forged). None if
    the header has no usable entry."""
    client = None
    for entry in reversed(forwarded_for.split(",")):
        address = parse_address(entry)
        if address is None:
            break  # garbage: keep the last proxy-vouched address
        client = str(address)
        if not any(address in network for network in networks):
            break
    return client


def apply_forwarded(meta: dict, networks: tuple[Network, ...]) -> None:
    """Rewrite a request's META in place: believe the proxy headers from a trusted proxy (client
    address, scheme, host), drop them from anyone else."""
    if not is_trusted(meta.get("REMOTE_ADDR"), networks):
        for name in FORWARDED_HEADERS:
            meta.pop(name, None)
        return
    for name in IGNORED_FROM_PROXY:
        meta.pop(name, None)
    client = forwarded_client(meta.pop("HTTP_X_FORWARDED_FOR", ""), networks)
    if client:
        meta["REMOTE_ADDR"] = client
    scheme = meta.pop("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
    if scheme in ("http", "https"):
        meta["wsgi.url_scheme"] = scheme
    host = meta.pop("HTTP_X_FORWARDED_HOST", "").split(",")[0].strip()
    if host:
        meta["HTTP_HOST"] = host  # still checked against ALLOWED_HOSTS by request.get_host()


def client_ip(request) -> str | None:
    """The client's address (after TrustedProxyMiddleware: the real one, never a forged one)."""
    address = parse_address(request.META.get("REMOTE_ADDR") or "")
    return str(address) if address is not None else None
