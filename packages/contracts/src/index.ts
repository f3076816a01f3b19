export * from './levels.js';
export * from './channels.js';
export * from './tags.js';
export * from './errors.js';
export * from './api.js';
export * from './identity.js';
export * from './catalog.js';
export * from './ratings.js';
