import { Current } from '@tarojs/runtime';

type Router = NonNullable<typeof Current.router>;

/** Opens the page under test with these launch parameters (what `useRouter().params` returns). */
export function setRouterParams(params: Record<string, string>, path = '/pages/test/index'): void {
  const router: Router = { params, path, $taroPath: path, onReady: '', onHide: '', onShow: '' };
  Current.router = router;
}

export function clearRouter(): void {
  Current.router = null;
}
