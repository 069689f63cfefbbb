"""Links into the help centre from any page.

    {% load guidance_tags %}
    {% glossary "in-absentia" %}in absentia{% endglossary %}   the first use of a court word
    {% help_link "lost-code" %}                                "What does this mean?" link
    {% help_link "lost-code" _("What if my code is lost?") %}  the same, with its own words
    {% help_url "lost-code" as url %}                          just the URL

An unknown term or anchor fails when the template is compiled, so a broken help link never ships.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from guidance.content import ANSWERS, answer_url
from guidance.glossary import GLOSSARY_TERMS, glossary_url
from guidance.selectors import session_seconds_left as session_seconds_left_for

register = template.Library()


def _literal(token, bits, names) -> str:
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f'{bits[0]} takes one quoted slug: {{% {bits[0]} "slug" %}}')
    slug = bits[1][1:-1]
    if slug not in names:
        raise template.TemplateSyntaxError(f"{bits[0]}: unknown slug {slug!r}")
    return slug


class GlossaryNode(template.Node):
    def __init__(self, slug: str, nodelist):
        self.slug = slug
        self.nodelist = nodelist

    def render(self, context) -> str:
        text = self.nodelist.render(context)
        return format_html('<a class="usa-link portal-glossary-term" href="{}">{}</a>', glossary_url(self.slug), text)


@register.tag("glossary")
def do_glossary(parser, token):
    """Links the enclosed words to their glossary entry."""
    slug = _literal(token, token.split_contents(), GLOSSARY_TERMS)
    nodelist = parser.parse(("endglossary",))
    parser.delete_first_token()
    return GlossaryNode(slug, nodelist)


def _check_anchor(anchor: str) -> str:
    if anchor not in ANSWERS:
        raise template.TemplateSyntaxError(f"help: unknown answer {anchor!r}")
    return anchor


@register.simple_tag
def help_url(anchor: str) -> str:
    """The URL of a help answer."""
    return answer_url(_check_anchor(anchor))


@register.simple_tag
def help_link(anchor: str, text: str = "") -> str:
    """A "What does this mean?" link to a help answer."""
    return format_html(
        '<a class="usa-link portal-help-link" href="{}">{}</a>',
        answer_url(_check_anchor(anchor)),
        text or gettext("What does this mean?"),
    )


@register.simple_tag
def glossary_link(slug: str, text: str) -> str:
    """The glossary link as a simple tag, for text that is already a variable."""
    if slug not in GLOSSARY_TERMS:
        raise template.TemplateSyntaxError(f"glossary_link: unknown term {slug!r}")
    return format_html('<a class="usa-link portal-glossary-term" href="{}">{}</a>', glossary_url(slug), text)


@register.simple_tag(takes_context=True)
def session_seconds_left(context) -> int:
    """Seconds until the signed-in session times out (idle or absolute limit) unless the person acts again."""
    request = context.get("request")
    session = getattr(request, "session", None)
    return session_seconds_left_for(session=session) if session is not None else 0
