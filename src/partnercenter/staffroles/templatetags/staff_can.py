"""`{% can_post %}`: show a staff form only to those who may send it (issue 10).

One mechanism for every staff page: the permission comes from the view the form posts to,
so a page never repeats (or contradicts) its views' checks.
"""

from __future__ import annotations

from typing import Any

from django import template

from partnercenter.staffroles.access import may_post, view_takes_post_from

register = template.Library()


@register.simple_tag(takes_context=True)
def can_post(context: dict[str, Any], url_name: str = "", *args: Any) -> bool:
    """`{% can_post "backoffice:appeal_uphold" a.pk as ok %}{% if ok %}<form …>{% endif %}`.

    Without a URL name: the current page's own view (a form that posts to itself).
    """
    request = context["request"]
    if not url_name:
        return view_takes_post_from(request.user, request.resolver_match.func)
    return may_post(request.user, url_name, *args)
