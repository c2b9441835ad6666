import assert from 'node:assert';
import { renderToStaticMarkup } from 'react-dom/server';
import { attack, phase, run } from './harness';
import ThanksPage from './app/thanks/page';

// The App Router page as Next.js renders it on the server: the async component called with its
// props, its element rendered to HTML.
async function render(name?: string): Promise<string> {
  return renderToStaticMarkup(await ThanksPage({ searchParams: Promise.resolve(name === undefined ? {} : { name }) }));
}

run(async () => {
  assert.strictEqual(await render('Ada'), '<h1>Thank you for your review, <b>Ada</b>!</h1>');
  assert.strictEqual(await render('Zoë'), '<h1>Thank you for your review, <b>Zoë</b>!</h1>', 'a non-ASCII name');
  assert.strictEqual(await render(), '<h1>Thank you for your review, <b>friend</b>!</h1>', 'no name');
  assert.strictEqual(await render('<i>Ada</i>'), '<h1>Thank you for your review, <b><i>Ada</i></b>!</h1>', 'harmless markup is kept');

  const script = await render('<img src=x onerror="alert(1)"><script>alert(2)</script>');
  attack('a name with an event handler and a script runs them', /onerror|<script/.test(script), script);
  if (phase === 'after') assert.strictEqual(script, '<h1>Thank you for your review, <b><img src="x"></b>!</h1>', 'the image stays, its handler and the script go');
});
