import { createElement, forwardRef, type ComponentType } from 'react';
import * as components from '@tarojs/components/lib/react';

// `taro build --type h5` runs babel-plugin-transform-taroapi, which also renames Taro's ARIA props in JSX (`ariaRole`
// becomes `role`, `ariaLabel` becomes `aria-label`, …). Jest does not run that plugin: rename them here, so the tests
// see the attributes a browser sees.
const ARIA_PROPS: Record<string, string> = {
  ariaRole: 'role',
  ariaLabel: 'aria-label',
  ariaHidden: 'aria-hidden',
  ariaChecked: 'aria-checked',
  ariaSelected: 'aria-selected',
};

function renamed(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(props)) out[ARIA_PROPS[key] ?? key] = props[key];
  return out;
}

const wrapped: Record<string, unknown> = {};
for (const [name, component] of Object.entries(components)) {
  wrapped[name] =
    typeof component === 'function' || (typeof component === 'object' && component !== null && '$$typeof' in component)
      ? forwardRef<unknown, Record<string, unknown>>((props, ref) =>
          createElement(component as ComponentType<Record<string, unknown>>, { ...renamed(props), ref }),
        )
      : component;
}

module.exports = wrapped;
