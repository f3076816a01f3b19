/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

/** API origin without a trailing slash, fixed at build time (config/index.ts); '' means same-origin on H5. */
declare const API_BASE_URL: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    /** The platform being built. */
    TARO_ENV: 'weapp' | 'h5';
    /** API origin for this build, read by config/index.ts. */
    TARO_APP_API_BASE_URL?: string;
  }
}
