import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import type { Compiler } from 'webpack';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * Hand-written Taro config (`taro init` needs the network). One source tree builds two targets:
 * - weapp → `dist/` (the WeChat developer tool opens `project.config.json`, whose miniprogramRoot is `dist/`)
 * - h5    → `dist-h5/` (served by the API server at `/`, with client-side fallback to index.html)
 */
const taroEnv = process.env.TARO_ENV ?? 'weapp';
const isH5 = taroEnv === 'h5';

/**
 * API origin baked in at build time. On H5 the page and the API share an origin, so the default is '' (relative
 * URLs). A mini-program has no origin of its own and must name the server; WeChat requires a registered https
 * domain in production, so set TARO_APP_API_BASE_URL for real builds.
 */
const apiBaseUrl = (process.env.TARO_APP_API_BASE_URL ?? (isH5 ? '' : 'http://localhost:3000')).replace(/\/+$/, '');

/** NutUI is drawn on a 375 px design, our pages on a 750 px design (1 px of design = 1 rpx on weapp). */
const designWidth = (input?: unknown): number => {
  const file = (input as { file?: string } | undefined)?.file ?? '';
  return file.replace(/\\+/g, '/').includes('@nutui/') ? 375 : 750;
};

/** Where the H5 build lists the files of each subpackage page (SubpackageFilesPlugin). */
const SUBPACKAGE_FILES = 'subpackage-files.json';
/** A page as the router imports it (`./staff/cases/index`, from `src/app.config.ts`) → its path. */
const PAGE_REQUEST = /^\.\/((?:[\w-]+\/)+index)$/;

/**
 * Writes `subpackage-files.json` into the H5 build: for each page of a subpackage (`staff`, `citizen`), every script
 * and stylesheet its opening loads, the subpackage's chunk and the shared ones (`{"/staff/cases/index":
 * ["css/staff.d070cff9.css", "js/86.d9a91edd.js", …]}`). The server names them as preloads in the page it sends for
 * that path, so that they arrive with the app's own scripts instead of one round trip after them
 * (apps/server/src/modules/web/h5-static.ts).
 */
class SubpackageFilesPlugin {
  constructor(private readonly names: readonly string[]) {}

  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap('SubpackageFilesPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'SubpackageFilesPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const pages: Record<string, string[]> = {};
        for (const name of this.names) {
          // Each group holding the subpackage's chunk is what one of its pages loads when it opens.
          for (const group of compilation.namedChunks.get(name)?.groupsIterable ?? []) {
            for (const origin of group.origins) {
              const page = PAGE_REQUEST.exec(origin.request ?? '')?.[1];
              if (!page) continue;
              pages[`/${page}`] = group.getFiles().filter((file) => /\.(js|css)$/.test(file)).sort();
            }
          }
        }
        compilation.emitAsset(SUBPACKAGE_FILES, new sources.RawSource(JSON.stringify(pages)));
      });
    });
  }
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'hcp-miniapp',
    designWidth,
    deviceRatio: {
      375: 2,
      640: 2.34 / 2,
      750: 1,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: isH5 ? 'dist-h5' : 'dist',
    plugins: [],
    defineConstants: {
      API_BASE_URL: JSON.stringify(apiBaseUrl),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    // WeChat templates cannot recurse, so Taro writes its element templates once per nesting level into
    // base.wxml (about 2.7 KB a level). Our deepest page is about 8 levels; deeper trees still render, through
    // Taro's recursive `comp` component. The default, 16, would cost the main package 16 KB more.
    baseLevel: 10,
    // Taro's default terser output for mini-programs is ASCII-only, which writes each Chinese character of the
    // copy as a 6-byte \uXXXX escape. WeChat reads UTF-8 sources, and the main package must stay small.
    ...(isH5 ? {} : { terser: { enable: true, config: { output: { ascii_only: false } } } }),
    mini: {
      // Styles are scoped by BEM class names, so the order of component stylesheets in a shared chunk is irrelevant
      // (as on H5 below).
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        // Prefixes for the phones WeChat runs on (its WebViews are WebKit and Blink), not for the desktop browsers
        // that package.json's "last 3 versions" also names: no -ms- rules in the packages.
        autoprefixer: { enable: true, config: { overrideBrowserslist: ['ios >= 8', 'android >= 4.1'] } },
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      // The main package's pages come with the app (src/main-pages.h5.ts); each subpackage is one chunk, fetched
      // when one of its pages first opens, so the rating page never loads the staff pages or the citizen's case page.
      webpackChain(chain) {
        chain.optimization.splitChunks({
          chunks: 'all',
          cacheGroups: {
            default: false,
            defaultVendors: false,
            vendors: { name: 'vendors', test: /[\\/]node_modules[\\/]/, chunks: 'initial', priority: 10, enforce: true },
            citizen: { name: 'citizen', test: /[\\/]src[\\/]citizen[\\/]/, chunks: 'async', priority: 20, enforce: true },
            staff: { name: 'staff', test: /[\\/]src[\\/]staff[\\/]/, chunks: 'async', priority: 20, enforce: true },
          },
        });
        chain.plugin('subpackage-files').use(SubpackageFilesPlugin, [['staff', 'citizen']]);
      },
      publicPath: '/',
      staticDirectory: 'static',
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      router: {
        // Real paths (no #), so a printed QR can carry a clean URL; the server falls back to index.html.
        mode: 'browser',
        // Page path → public paths. An aliased page answers only at its aliases, so keep its own path in the list.
        // `/r/AbC123` gives useRouter().params.scene === 'AbC123' (what a window's QR code carries), and
        // `/r?scene=AbC123` works too. Taro finds page config by exact path, so on `/r/:scene` the page's
        // navigationBarTitleText is not applied: the rate page sets its title itself.
        customRoutes: {
          '/pages/index/index': ['/', '/pages/index/index'],
          '/pages/rate/index': ['/r/:scene', '/r', '/pages/rate/index'],
        },
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: {
          enable: true,
          config: {
            // Plain px instead of the default rem: rem makes Taro inject an inline <script> into index.html to size
            // the root font, which a `script-src 'self'` Content-Security-Policy would block. postcss-pxtransform
            // 4.2.1 implements 'px' for H5, but its type only lists rpx | vw | rem.
            targetUnit: 'px' as unknown as 'rem',
          },
        },
        cssModules: { enable: false },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
