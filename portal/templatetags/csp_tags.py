"""Inline SVG drawn by our own code (pygal charts) under the strict public CSP."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def chart_svg(context, svg):
    """The chart's <style> elements carry the request's CSP nonce, so no 'unsafe-inline'.

    Only for SVG the server rendered itself: pygal escapes every label, so each `<style`
    left in the markup is pygal's own stylesheet.
    """
    nonce = getattr(context.get("request"), "csp_nonce", None)
    if nonce is not None:  # a lazy object: str() creates it and puts it in the header
        svg = str(svg).replace("<style", f'<style nonce="{nonce}"')
    return mark_safe(svg)  # noqa: S308 - server-rendered chart, see above
