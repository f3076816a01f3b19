// Constants that `taro build` substitutes at build time (webpack DefinePlugin); the H5 runtime reads them as globals.
const buildConstants: Record<string, unknown> = {
  ENABLE_INNER_HTML: true,
  ENABLE_ADJACENT_HTML: true,
  ENABLE_SIZE_APIS: true,
  ENABLE_TEMPLATE_CONTENT: true,
  ENABLE_CLONE_NODE: true,
  ENABLE_CONTAINS: true,
  ENABLE_MUTATION_OBSERVER: true,
  DEPRECATED_ADAPTER_COMPONENT: false,
  SUPPORT_DINGTALK_NAVIGATE: 'disabled',
  API_BASE_URL: '',
};
Object.assign(globalThis, buildConstants);

process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';
