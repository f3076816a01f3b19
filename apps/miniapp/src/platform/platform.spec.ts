import { canSubscribe, deviceId, login, onNetworkRestored, phoneNumberMode, requestSubscribe } from '.';

describe('platform (H5)', () => {
  beforeEach(() => localStorage.clear());

  it('logs in with the same device id every time', async () => {
    const first = await login();
    const second = await login();

    expect(first).toEqual({ kind: 'device', deviceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(second).toEqual(first);
  });

  it('names the same device for a staff sign-in as for the citizen’s', async () => {
    const proof = await login();
    expect(proof.kind === 'device' && proof.deviceId).toBe(deviceId());
  });

  it('asks for no WeChat subscriptions in a browser', async () => {
    await expect(requestSubscribe(['template-a'])).resolves.toEqual({});
  });

  it('has the citizen type the phone number', () => {
    expect(phoneNumberMode()).toBe('typed');
  });

  it('cannot subscribe to WeChat notices', () => {
    expect(canSubscribe()).toBe(false);
  });

  it('tells when the browser is back online, until told to stop', () => {
    const restored = jest.fn();
    const stop = onNetworkRestored(restored);
    window.dispatchEvent(new Event('online'));
    stop();
    window.dispatchEvent(new Event('online'));

    expect(restored).toHaveBeenCalledTimes(1);
  });
});
