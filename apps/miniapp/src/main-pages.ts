// In WeChat each page is its own entry of the main package (see main-pages.h5.ts for the browser build).
export {};
