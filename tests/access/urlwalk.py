"""Walks the URL resolver and finds the URLs that the permission matrix does not declare."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver


@dataclass(frozen=True)
class UrlEntry:
    name: (
        str | None
    )  # fully qualified ("cells:member_edit"); None for an unnamed pattern
    route: str  # the whole route from the root ("cells/<str:cell_code>/members/")
    namespaces: tuple[str, ...]


def walk(
    resolver: URLResolver, namespaces: tuple[str, ...] = (), prefix: str = ""
) -> Iterator[UrlEntry]:
    """Every URL pattern under ``resolver``, recursing into includes."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from walk(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield UrlEntry(name=name, route=route, namespaces=namespaces)


def undeclared(
    entries: Iterable[UrlEntry],
    *,
    declared: Iterable[str],
    excluded: Iterable[str],
    excluded_namespaces: Iterable[str],
    excluded_route_prefixes: Iterable[str],
) -> list[str]:
    """The URLs in neither the matrix nor an exclusion, named by name (or by route when unnamed)."""
    declared, excluded = set(declared), set(excluded)
    namespaces = set(excluded_namespaces)
    prefixes = tuple(excluded_route_prefixes)
    missing = []
    for entry in entries:
        if entry.name in declared or entry.name in excluded:
            continue
        if entry.namespaces and entry.namespaces[0] in namespaces:
            continue
        if entry.route.lstrip("^/").startswith(prefixes):
            continue
        missing.append(entry.name or f"(unnamed) {entry.route}")
    return sorted(set(missing))


def stale(entries: Iterable[UrlEntry], *, names: Iterable[str]) -> list[str]:
    """Names declared or excluded that no URL pattern has any more."""
    existing = {entry.name for entry in entries}
    return sorted(set(names) - existing)
