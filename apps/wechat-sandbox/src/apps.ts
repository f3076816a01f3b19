import { Errcode, WxFailure } from './errcodes.js';

/** A mini-program the sandbox knows: its AppID and AppSecret. */
export interface SandboxApp {
  appId: string;
  appSecret: string;
}

/** Used when no app is given. The AppID has the real shape (`wx` + 16 hex digits), so configuration accepts it. */
export const DEFAULT_APP: Readonly<SandboxApp> = Object.freeze({
  appId: 'wx0123456789abcdef',
  appSecret: 'sandbox0secret0not0for0production',
});

export class AppRegistry {
  private readonly apps: Map<string, SandboxApp>;

  constructor(apps: readonly SandboxApp[]) {
    if (apps.length === 0) throw new Error('the sandbox needs at least one app');
    this.apps = new Map();
    for (const app of apps) {
      if (!app.appId || !app.appSecret) throw new Error('every sandbox app needs an appId and an appSecret');
      this.apps.set(app.appId, { appId: app.appId, appSecret: app.appSecret });
    }
  }

  list(): SandboxApp[] {
    return [...this.apps.values()].map((app) => ({ ...app }));
  }

  first(): SandboxApp {
    return this.list()[0];
  }

  has(appId: string): boolean {
    return this.apps.has(appId);
  }

  /** The appId to use for a control call: the given one (which must exist) or the first app. */
  resolve(appId: string | undefined): string {
    if (appId === undefined) return this.first().appId;
    if (!this.apps.has(appId)) throw new RangeError(`unknown appId ${appId}; the sandbox knows ${[...this.apps.keys()].join(', ')}`);
    return appId;
  }

  /** Checks credentials as WeChat does: missing, then unknown AppID, then wrong secret. */
  authenticate(appId: unknown, secret: unknown): string {
    if (typeof appId !== 'string' || appId === '') throw new WxFailure(Errcode.AppidMissing);
    const app = this.apps.get(appId);
    if (!app) throw new WxFailure(Errcode.InvalidAppid);
    if (typeof secret !== 'string' || secret === '') throw new WxFailure(Errcode.AppsecretMissing);
    if (secret !== app.appSecret) throw new WxFailure(Errcode.InvalidAppsecret);
    return app.appId;
  }
}
