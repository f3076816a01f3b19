import { errorReply, fakeApi, window5 } from '../../test/fake-api';
import { resolveScene } from './ratings';

/** What the server writes into a window's page (apps/server/src/modules/web/h5-static.ts). */
function servePageWith(data: unknown) {
  const block = document.createElement('script');
  block.type = 'application/json';
  block.id = 'hcp-page-data';
  block.textContent = JSON.stringify(data);
  document.head.appendChild(block);
}

describe('a window’s page served with its scan', () => {
  beforeEach(() => {
    localStorage.clear();
    document.getElementById('hcp-page-data')?.remove();
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows the window without asking the server again, and only once', async () => {
    const calls = fakeApi((call) => (call.path === `/scan/${window5.scene}` ? { status: 200, body: window5 } : errorReply(404, 'NOT_FOUND')));
    servePageWith({ scan: window5 });

    await expect(resolveScene(window5.scene)).resolves.toEqual(window5);
    expect(calls).toEqual([]);
    expect(document.getElementById('hcp-page-data')).toBeNull();

    // Reloading the window later (a retry, new tags) asks the server as before.
    await resolveScene(window5.scene);
    expect(calls.map((c) => c.path)).toEqual([`/scan/${window5.scene}`]);
  });

  it('asks the server when the page carries another window’s scan, or something unreadable', async () => {
    const calls = fakeApi(() => ({ status: 200, body: window5 }));
    servePageWith({ scan: { ...window5, scene: 'SomeOtherScene' } });
    await resolveScene(window5.scene);
    servePageWith('not a scan');
    await resolveScene(window5.scene);
    expect(calls.map((c) => c.path)).toEqual([`/scan/${window5.scene}`, `/scan/${window5.scene}`]);
  });
});
