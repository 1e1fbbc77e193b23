"""`{% memo "name" input … %}…{% endmemo %}`: a part of a public page rendered once per data state.

The part is kept by awards.fragments under the data state, the language, the script prefix,
its name and the inputs given after the name: every value the part reads from the request
must be one of them (the origin for JSON-LD, the search query, the language switch's links).
A staff preview (`preview` true in the context) always renders afresh and is never kept.
Never wrap anything that prints the CSP nonce, the CSRF token or a session's state.
"""

from django import template

from awards import fragments

register = template.Library()


def _hashable(value):
    if isinstance(value, list | tuple):
        return tuple(_hashable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _hashable(item)) for key, item in value.items()))
    return value


class MemoNode(template.Node):
    def __init__(self, nodelist, name, inputs):
        self.nodelist = nodelist
        self.name = name
        self.inputs = inputs

    def render(self, context):
        inputs = tuple(_hashable(value.resolve(context)) for value in self.inputs)
        return fragments.render(
            self.name,
            inputs,
            lambda: self.nodelist.render(context),
            context.get("request"),
            keep=not context.get("preview"),
        )


@register.tag
def memo(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("'memo' needs a quoted name, then its inputs")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    inputs = [parser.compile_filter(bit) for bit in bits[2:]]
    return MemoNode(nodelist, bits[1][1:-1], inputs)
