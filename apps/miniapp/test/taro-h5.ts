import * as h5 from '@tarojs/taro-h5';

// `taro build --type h5` runs babel-plugin-transform-taroapi, which rewrites `Taro.showModal(…)` into a named import
// from @tarojs/taro-h5, whose default export lacks the APIs. Jest does not run that plugin: give the default export
// every API so application code reads the same as in the build.
const Taro = { ...h5.default, ...h5 };

export * from '@tarojs/taro-h5';
export default Taro;
