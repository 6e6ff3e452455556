"""The harness itself: a URL added without a matrix entry must make it fail."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, get_resolver, include, path
from django.urls.resolvers import RegexPattern

from tests.access.matrix import (
    EXCLUDED,
    EXCLUDED_NAMESPACES,
    EXCLUDED_ROUTE_PREFIXES,
    MATRIX,
)
from tests.access.urlwalk import stale, undeclared, walk


def view(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


def resolver_with(*extra: object) -> URLResolver:
    """The project's URLs plus ``extra`` patterns, as a resolver of its own."""
    patterns = [*get_resolver().url_patterns, *extra]
    return URLResolver(RegexPattern(r"^/"), patterns)


def missing_in(resolver: URLResolver) -> list[str]:
    return undeclared(
        walk(resolver),
        declared=MATRIX,
        excluded=EXCLUDED,
        excluded_namespaces=EXCLUDED_NAMESPACES,
        excluded_route_prefixes=EXCLUDED_ROUTE_PREFIXES,
    )


def test_walk_finds_namespaced_names_and_whole_routes() -> None:
    entries = {entry.name: entry for entry in walk(get_resolver())}
    assert entries["cells:member_edit"].route == (
        "cells/<str:cell_code>/members/<str:member_code>/edit/"
    )
    assert entries["cells:member_edit"].namespaces == ("cells",)
    assert entries["set_language"].route == "i18n/setlang/"


def test_the_project_as_it_is_has_nothing_undeclared() -> None:
    assert missing_in(resolver_with()) == []


def test_a_new_url_without_a_matrix_entry_is_reported() -> None:
    assert missing_in(resolver_with(path("new/", view, name="new_page"))) == [
        "new_page"
    ]


def test_a_new_app_namespace_is_reported_with_its_qualified_names() -> None:
    app = ([path("", view, name="list"), path("<int:pk>/", view, name="detail")], "app")
    missing = missing_in(resolver_with(path("app/", include(app))))
    assert missing == ["app:detail", "app:list"]


def test_an_unnamed_url_is_reported_by_its_route() -> None:
    assert missing_in(resolver_with(path("anonymous-page/", view))) == [
        "(unnamed) anonymous-page/"
    ]


def test_excluded_namespaces_and_static_routes_are_not_reported() -> None:
    admin_like = ([path("secret/", view, name="secret")], "admin")
    resolver = resolver_with(
        path("other-admin/", include(admin_like, namespace="admin")),
        path("static/<path:path>", view),
    )
    assert missing_in(resolver) == []


def test_a_declared_name_that_is_no_longer_routed_is_stale() -> None:
    entries = list(walk(get_resolver()))
    assert stale(entries, names=["cells:member_list", "cells:gone"]) == ["cells:gone"]
