import { useEffect, useRef } from 'react';
import * as h5 from '@tarojs/taro-h5';
import { Current } from '@tarojs/runtime';

// `taro build --type h5` runs babel-plugin-transform-taroapi, which rewrites `Taro.showModal(…)` into a named import
// from @tarojs/taro-h5, whose default export lacks the APIs. Jest does not run that plugin: give the default export
// every API so application code reads the same as in the build.

// The build also adds the React lifecycle hooks (plugin-framework-react's api-loader), which need a Taro page
// instance. In a component test the rendered component is the page: it "loads" and "shows" once, when it mounts.
function useOnMount(callback: (...args: unknown[]) => unknown) {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    latest.current();
  }, []);
}

/** The page scrolled: a test says so by dispatching `scroll` on the window. */
function usePageScroll(callback: (...args: unknown[]) => unknown) {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    const listener = () => latest.current({ scrollTop: window.scrollY });
    window.addEventListener('scroll', listener);
    return () => window.removeEventListener('scroll', listener);
  }, []);
}

const noop = () => undefined;

/** Launch parameters of the page under test: set `Current.router` (see test/router.ts). */
function useRouter() {
  return Current.router ?? { params: {}, path: '' };
}

export const useLoad = useOnMount;
export const useDidShow = useOnMount;
export const useLaunch = useOnMount;
export { usePageScroll, useRouter };
export const useDidHide = noop;
export const useUnload = noop;
export const usePageNotFound = noop;

const Taro = { ...h5.default, ...h5, useLoad, useDidShow, useLaunch, usePageScroll, useRouter, useDidHide, useUnload, usePageNotFound };

export * from '@tarojs/taro-h5';
export default Taro;
