import * as assert from 'assert';
import { DEFAULT_SETTINGS, readSettings } from '../../server/src/protocol';

// `vigil.advisories.*` as the client sends them (one nested object), read over the defaults.

describe('settings: vigil.advisories', () => {
  it('defaults to online, the public API, and nothing sent from untrusted workspaces', () => {
    assert.deepStrictEqual(readSettings({}).advisories, { online: true, osvUrl: '', onlineInUntrustedWorkspaces: false });
    assert.deepStrictEqual(readSettings(undefined).advisories, DEFAULT_SETTINGS.advisories);
  });

  it('reads each value of the right type and ignores the rest', () => {
    assert.deepStrictEqual(readSettings({ advisories: { online: false, osvUrl: ' https://osv.internal ', onlineInUntrustedWorkspaces: true } }).advisories, { online: false, osvUrl: 'https://osv.internal', onlineInUntrustedWorkspaces: true });
    // A string "true" is not consent to send package names from an untrusted workspace.
    assert.deepStrictEqual(readSettings({ advisories: { online: 'no', osvUrl: 42, onlineInUntrustedWorkspaces: 'true' } }).advisories, { online: true, osvUrl: '', onlineInUntrustedWorkspaces: false });
  });
});
