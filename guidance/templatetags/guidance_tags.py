"""Links into the help centre from any page.

    {% load guidance_tags %}
    {% glossary "in-absentia" %}in absentia{% endglossary %}   the first use of a court word
    {% help_link "lost-code" %}                                "What does this mean?" link
    {% help_link "lost-code" _("What if my code is lost?") %}  the same, with its own words
    {% help_url "lost-code" as url %}                          just the URL
    {% error_help "access_code_rejected" %}                    the answer that fixes a problem (guidance/error_help.py)
    {% for error in field|errors_with_help %}{{ error.message }} {{ error.help.link }}{% endfor %}
    {% for error in form|non_field_errors_with_help %}…{% endfor %}

A glossary term is linked once per page: the first `glossary`/`glossary_link` for a term links it, later
ones on the same page render the words alone (the rule: "linked where the term first appears").
An unknown term or anchor fails when the template is compiled, so a broken help link never ships.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext

from guidance.content import ANSWERS, answer_url
from guidance.error_help import ERROR_HELP, error_help_for, form_errors
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


_LINKED_TERMS = "guidance_glossary_linked"


def _first_on_page(context, slug: str) -> bool:
    """True the first time `slug` is linked in this page's render (shared by includes and the base template)."""
    page = context.render_context.dicts[0]  # the root dict lives as long as the whole page's render
    linked = page.setdefault(_LINKED_TERMS, set())
    if slug in linked:
        return False
    linked.add(slug)
    return True


def _glossary_anchor(context, slug: str, text) -> str:
    if not _first_on_page(context, slug):
        return conditional_escape(text)
    return format_html('<a class="usa-link portal-glossary-term" href="{}">{}</a>', glossary_url(slug), text)


class GlossaryNode(template.Node):
    def __init__(self, slug: str, nodelist):
        self.slug = slug
        self.nodelist = nodelist

    def render(self, context) -> str:
        return _glossary_anchor(context, self.slug, self.nodelist.render(context))  # rendered: already safe


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


@register.simple_tag(takes_context=True)
def glossary_link(context, slug: str, text: str) -> str:
    """The glossary link as a simple tag, for text that is already a variable (first use on the page only)."""
    if slug not in GLOSSARY_TERMS:
        raise template.TemplateSyntaxError(f"glossary_link: unknown term {slug!r}")
    return _glossary_anchor(context, slug, text)


HEARING_TYPE_TERMS = {"master": "master-calendar-hearing", "individual": "individual-hearing"}


@register.simple_tag(takes_context=True)
def hearing_type_term(context, hearing_type: str, text: str) -> str:
    """A hearing type's words linked to its glossary entry (first use on the page); plain for a type without one."""
    slug = HEARING_TYPE_TERMS.get(hearing_type)
    return _glossary_anchor(context, slug, text) if slug else conditional_escape(text)


class ErrorHelpNode(template.Node):
    def __init__(self, code: str):
        self.code = code

    def render(self, context) -> str:
        return error_help_for(code=self.code).link


@register.tag("error_help")
def do_error_help(parser, token):
    """The link to the answer that fixes a problem a view reports outside a form: {% error_help "code" %}."""
    return ErrorHelpNode(_literal(token, token.split_contents(), ERROR_HELP))


@register.filter
def errors_with_help(field) -> list:
    """A bound field's errors, each with `.message` and `.help` (`.help.link`, `.help.url`, `.help.text`) or None."""
    return form_errors(field.errors, field=field.name, form=field.form)


@register.filter
def non_field_errors_with_help(form) -> list:
    """The form's errors that belong to no field, each with `.message` and `.help` as in errors_with_help."""
    return form_errors(form.non_field_errors(), form=form)


@register.simple_tag(takes_context=True)
def session_seconds_left(context) -> int:
    """Seconds until the signed-in session times out (idle or absolute limit) unless the person acts again."""
    request = context.get("request")
    session = getattr(request, "session", None)
    return session_seconds_left_for(session=session) if session is not None else 0
