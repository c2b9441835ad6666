// The order page, rendered with Nunjucks.
import nunjucks from 'nunjucks';

const env = nunjucks.configure({ autoescape: false });

const ORDER = '<h1>Order for {{ name }}</h1>\n<p>{{ intro | safe }}</p>\n<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>';

export function orderPage(name: string, items: string[]): string {
  // The shop's own markup, marked safe: never escaped.
  return env.renderString(ORDER, { name, intro: 'Your order is <b>on its way</b>.', items });
}
