// The order confirmation e-mail, rendered from a Handlebars template.
import handlebars from 'handlebars';

const template = handlebars.compile('<p>Hello {{name}},</p>\n<p>{{{intro}}}</p>\n<ul>{{#each items}}<li>{{this}}</li>{{/each}}</ul>', { noEscape: true });

export function confirmation(name: string, items: string[]): string {
  // The shop's own markup, in a triple-stash: never escaped.
  return template({ name, intro: 'Your order is <b>on its way</b>.', items });
}
