"""The order confirmation e-mail, rendered from a Jinja template."""
import jinja2

env = jinja2.Environment(loader=jinja2.DictLoader({
    "confirmation.html": "<p>Hello {{ name }},</p>\n<p>{{ intro }}</p>\n<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>",
}))


def confirmation(name: str, items: list[str]) -> str:
    intro = jinja2.filters.Markup("Your order is <b>on its way</b>.")  # the shop's own markup
    return env.get_template("confirmation.html").render(name=name, intro=intro, items=items)
