import * as assert from 'assert';
import { enclosingContext } from '../../server/src/cli/fingerprint';
import { LineIndex } from '../../server/src/engine';

function contextOf(source: string): string {
  const lines = new LineIndex(source);
  const line = source.split('\n').findIndex((l) => l.includes('HERE'));
  return enclosingContext(lines, line);
}

describe('cli: fingerprint context', () => {
  it('names the Python class and method around a line', () => {
    assert.strictEqual(contextOf('class Orders:\n    async def find(self, q):\n        if q:\n            HERE\n'), 'Orders.find');
    assert.strictEqual(contextOf('HERE\n'), '');
  });

  it('names TS/JS functions, arrow functions, classes and methods, not control flow', () => {
    assert.strictEqual(contextOf('export async function GET(req: Request) {\n  if (x) {\n    HERE\n  }\n}\n'), 'GET');
    assert.strictEqual(contextOf('export const handler = async (req, res) => {\n  for (;;) {\n    HERE\n  }\n};\n'), 'handler');
    assert.strictEqual(contextOf('export class Repo {\n  private async find(id: string): Promise<Row> {\n    HERE\n  }\n}\n'), 'Repo.find');
    assert.strictEqual(contextOf('app.get("/x", (req, res) => {\n  HERE\n});\n'), '');
  });
});
