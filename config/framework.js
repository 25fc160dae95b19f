/**
 * The UI framework Taro builds the app with, read by config/index.ts and babel.config.js (they must agree).
 *
 * Preact (through preact/compat) in every build: on h5 a worker on a weak link downloads a few KB instead of
 * react-dom's ~43 KB (gzip) before the first station shows; the mini-program's main package loses React's
 * reconciler (issue 16; https://docs.taro.zone/docs/preact). Jest (NODE_ENV=test) keeps React, which Testing
 * Library drives; the browser journeys run the Preact build.
 */
module.exports = process.env.NODE_ENV === 'test' ? 'react' : 'preact';
