"""Where the user is: the current navigation link marked, and breadcrumbs derived for every page.

Both are derived centrally so page templates need no edits. The navigation is the one list of
sections: `{% navigation %}` wraps it in base.html, marks the link for the current path and
remembers it; `{% breadcrumbs %}` then reads Home › that section › the page's agreement › the page's
object › the page's own title. Apps add sections by appending plain links to the navigation; a page
with a better trail overrides `{% block breadcrumbs %}`.
"""

import re
from dataclasses import dataclass
from typing import Any

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The render-context key under which {% navigation %} leaves the section it marked.
_SECTION = "navigation_section"
# A link as the navigation writes it: <a …href="…"…>label</a> (attributes in double quotes).
_LINK = re.compile(r'<a\b(?P<attrs>[^>]*?)\bhref="(?P<href>[^"]*)"(?P<rest>[^>]*)>(?P<label>.*?)</a>', re.DOTALL)


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str


def _path_of(href: str) -> str:
    return href.split("#", 1)[0].split("?", 1)[0]


def section_for(path: str, hrefs: list[str]) -> str | None:
    """The link that is the current page or, failing that, the deepest section containing it.

    A section contains the paths under it ("/contracts/" contains "/contracts/7/"); the home page
    contains nothing but itself, or every page would be in it.
    """
    best: str | None = None
    for href in hrefs:
        target = _path_of(href)
        if not target.startswith("/"):
            continue
        inside = target != "/" and target.endswith("/") and path.startswith(target)
        if (path == target or inside) and (best is None or len(target) > len(_path_of(best))):
            best = href
    return best


class NavigationNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        html = self.nodelist.render(context)
        request = context.get("request")
        if request is None:
            return html
        links = list(_LINK.finditer(html))
        current = section_for(request.path, [m.group("href") for m in links])
        if current is None:
            return html
        match = next(m for m in links if m.group("href") == current)
        target = _path_of(current)
        context.render_context[_SECTION] = Crumb(strip_tags(match.group("label")).strip(), target)
        opening = html[match.start() : match.start("label")]
        if "aria-current" in opening:  # a template that marks its own link knows better
            return html
        # The page itself, or the section the page belongs to (WAI-ARIA: "true" for the latter).
        state = "page" if target == request.path else "true"
        return f'{html[: match.start()]}{opening[:-1]} aria-current="{state}">{html[match.start("label") :]}'


@register.tag
def navigation(parser: Parser, token: Token) -> NavigationNode:
    """`{% navigation %}<a href="…">…</a> …{% endnavigation %}`: marks the current link."""
    nodelist = parser.parse(("endnavigation",))
    parser.delete_first_token()
    return NavigationNode(nodelist)


def _url(obj: Any) -> str | None:
    get_url = getattr(obj, "get_absolute_url", None)
    return str(get_url()) if callable(get_url) else None


def _page_title(context: Context) -> str:
    """The page's own {% block title %}, rendered as the page renders it in <title>."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    if not isinstance(blocks, BlockContext):
        return ""
    block = blocks.get_block("title")
    if block is None:
        return ""
    with context.push(block=block):
        return str(block.nodelist.render(context)).strip()


def trail(context: Context) -> list[Crumb]:
    """Home › section › agreement › object, leaving out the current page and repeats."""
    request = context.get("request")
    path = request.path if request is not None else ""
    obj = context.get("object")
    agreement = context.get("agreement")
    if agreement is None and obj is not None:
        try:
            agreement = getattr(obj, "agreement", None)
        except ObjectDoesNotExist:
            agreement = None
    candidates: list[Crumb | None] = [Crumb("Home", "/"), context.render_context.get(_SECTION)]
    for parent in (agreement, obj):
        url = _url(parent) if parent is not None else None
        if url:
            candidates.append(Crumb(str(parent), url))
    crumbs: list[Crumb] = []
    for crumb in candidates:
        if crumb is not None and crumb.url != path and all(c.url != crumb.url for c in crumbs):
            crumbs.append(crumb)
    return crumbs


@register.simple_tag(takes_context=True)
def breadcrumbs(context: Context) -> SafeString:
    """The trail to this page as an ordered list; nothing on the home page or when signed out."""
    request = context.get("request")
    user = context.get("user")
    if request is None or request.path == "/" or user is None or not user.is_authenticated:
        return mark_safe("")  # noqa: S308 - an empty string
    crumbs = trail(context)
    title = _page_title(context) or (crumbs.pop().label if len(crumbs) > 1 else "")
    links = format_html_join("", '<li><a href="{}">{}</a></li>', ((c.url, c.label) for c in crumbs))
    # The title is the template's own output, already escaped.
    current = format_html('<li><span aria-current="page">{}</span></li>', mark_safe(title))  # noqa: S308
    return format_html('<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>{}{}</ol></nav>', links, current)
