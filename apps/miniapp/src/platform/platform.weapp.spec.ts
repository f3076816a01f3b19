import Taro from '@tarojs/taro';
import { subscribePrompt } from '@hcp/wechat-sandbox/mini-program';
// The weapp variant, imported by its file name: jest otherwise resolves the H5 one, as `taro build --type h5` does.
import { deviceId, login, onNetworkRestored, requestSubscribe, scanWindowCode } from './index.weapp';

type Scanned = Taro.scanCode.SuccessCallbackResult;

describe('platform (weapp)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs in with the wx.login code', async () => {
    jest.spyOn(Taro, 'login').mockResolvedValue({ code: 'code-1', errMsg: 'login:ok' });

    await expect(login()).resolves.toEqual({ kind: 'wechat', code: 'code-1' });
  });

  it('has no device id to send with a staff sign-in', () => {
    expect(deviceId()).toBeNull();
  });

  it('returns the page path of a mini-program code, or the text of a plain QR code', async () => {
    const scan = jest.spyOn(Taro, 'scanCode');
    scan.mockResolvedValueOnce({ path: 'pages/rate/index?scene=AbC123', result: '' } as Scanned);
    scan.mockResolvedValueOnce({ path: '', result: 'https://hcp.example.gov.cn/r/AbC123' } as Scanned);

    await expect(scanWindowCode()).resolves.toBe('pages/rate/index?scene=AbC123');
    await expect(scanWindowCode()).resolves.toBe('https://hcp.example.gov.cn/r/AbC123');
  });

  it('returns null without a message when the citizen closes the scanner', async () => {
    jest.spyOn(Taro, 'scanCode').mockRejectedValue({ errMsg: 'scanCode:fail cancel' });
    const toast = jest.spyOn(Taro, 'showToast');

    await expect(scanWindowCode()).resolves.toBeNull();
    expect(toast).not.toHaveBeenCalled();
  });

  it('keeps only the answers for the templates asked about', async () => {
    jest
      .spyOn(Taro, 'requestSubscribeMessage')
      .mockResolvedValue({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-a': 'accept', 'tmpl-b': 'reject' });

    await expect(requestSubscribe(['tmpl-a', 'tmpl-b', 'tmpl-c'])).resolves.toEqual({
      'tmpl-a': 'accept',
      'tmpl-b': 'reject',
    });
  });

  it('reads mini-program codes (wxCode) as well as plain QR codes', async () => {
    const scan = jest.spyOn(Taro, 'scanCode').mockResolvedValue({ path: 'pages/rate/index?scene=AbC123', result: '' } as Scanned);

    await scanWindowCode();
    expect(scan).toHaveBeenCalledWith(expect.objectContaining({ scanType: expect.arrayContaining(['qrCode', 'wxCode']) }));
  });

  it('asks about no more templates than one prompt may hold, and reports a prompt WeChat refused as too large', async () => {
    const error = jest.fn();
    jest.spyOn(Taro, 'getRealtimeLogManager').mockReturnValue({ error } as unknown as Taro.RealtimeLogManager);
    // WeChat's prompt as an older client answers it (at most 3 templates, else 20003 for the whole prompt).
    const ask = jest.spyOn(Taro, 'requestSubscribeMessage').mockImplementation(async (option) => {
      const answer = subscribePrompt(option.tmplIds, { max: 3 });
      if ('errCode' in answer) throw answer;
      return answer as unknown as Taro.requestSubscribeMessage.SuccessCallbackResult;
    });

    await expect(requestSubscribe(['t1', 't2', 't3', 't4'])).resolves.toEqual({ t1: 'accept', t2: 'accept', t3: 'accept' });
    expect(ask).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['t1', 't2', 't3'] }));
    expect(error).not.toHaveBeenCalled();

    // A client stricter still (two at most) refuses the prompt: the operator hears of it.
    ask.mockImplementation(async (option) => {
      const answer = subscribePrompt(option.tmplIds, { max: 2 });
      if ('errCode' in answer) throw answer;
      return answer as unknown as Taro.requestSubscribeMessage.SuccessCallbackResult;
    });
    await expect(requestSubscribe(['t1', 't2', 't3'])).resolves.toEqual({});
    expect(error).toHaveBeenCalledWith(expect.stringContaining('20003'), { asked: 3 });
  });

  it('treats a refused prompt as no subscription', async () => {
    jest
      .spyOn(Taro, 'requestSubscribeMessage')
      .mockRejectedValue({ errMsg: 'requestSubscribeMessage:fail', errCode: 20004 });

    await expect(requestSubscribe(['tmpl-a'])).resolves.toEqual({});
  });

  it('tells when the phone is connected again, not when it loses the network', () => {
    let listener: Taro.onNetworkStatusChange.Callback = () => undefined;
    jest.spyOn(Taro, 'onNetworkStatusChange').mockImplementation((callback) => {
      listener = callback;
    });
    const off = jest.spyOn(Taro, 'offNetworkStatusChange').mockImplementation(() => undefined);
    const restored = jest.fn();

    const stop = onNetworkRestored(restored);
    listener({ isConnected: false, networkType: 'none' });
    listener({ isConnected: true, networkType: '4g' });
    stop();

    expect(restored).toHaveBeenCalledTimes(1);
    expect(off).toHaveBeenCalledWith(listener);
  });
});
