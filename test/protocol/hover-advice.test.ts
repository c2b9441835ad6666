import * as assert from 'assert';
import { hover } from '../../server/src/lsp/hover';
import { engine } from '../helpers/fixtures';

// Rules whose fix cannot be written safely by a tool give their advice in the hover instead:
// the hover of such a finding carries the rule's "Use instead" for the file's language.

function hoverText(path: string, languageId: string, code: string, ruleId: string): string {
  const findings = engine().analyzeText(path, code, {}, languageId).findings;
  const finding = findings.find((f) => f.ruleId === ruleId);
  assert.ok(finding, `no ${ruleId} finding`);
  assert.deepStrictEqual(finding.fixes.filter((f) => f.kind === 'rewrite'), [], 'advice only: no rewrite on the lightbulb');
  const language = languageId === 'python' ? 'python' : 'typescript';
  const result = hover(findings, finding.range.start, engine().catalog, language);
  return (result!.contents as { value: string }).value;
}

describe('hover advice where no rewrite is safe', () => {
  it('token-in-web-storage: move the token into an httpOnly cookie set by the server', () => {
    const code = "'use client';\nexport async function signIn(data: { token: string }) {\n  localStorage.setItem('authToken', data.token);\n}\n";
    const value = hoverText('components/SignIn.tsx', 'typescriptreact', code, 'token-in-web-storage');
    for (const expected of ['**How to fix**', 'httpOnly: true', "credentials: 'include'", 'expo-secure-store']) assert.ok(value.includes(expected), `hover lacks ${expected}:\n${value}`);
  });

  it('weak-cipher: AES-GCM and how to migrate the stored data, per language', () => {
    const py = hoverText('vault/cards.py', 'python', 'from Crypto.Cipher import DES\n\ncipher = DES.new(key, DES.MODE_CBC, iv)\n', 'weak-cipher');
    assert.ok(py.includes('AESGCM(key).encrypt(nonce, card_number, None)') && !py.includes('createCipheriv'), py);
    const ts = hoverText('lib/vault.ts', 'typescript', "import crypto from 'crypto';\nexport const c = crypto.createCipheriv('des-ede3-cbc', key, iv);\n", 'weak-cipher');
    assert.ok(ts.includes("createCipheriv('aes-256-gcm', key, iv)") && !ts.includes('AESGCM'), ts);
  });
});
