// Stands in (h5 only, config/index.ts) for a polyfill every engine in babel.config.js's H5_TARGETS has natively.
export {};
