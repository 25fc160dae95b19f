// Stands in (h5 only, config/index.ts) for jsonp-retry, which Taro.request loads for `jsonp: true`; this app
// calls its own backend with fetch and never asks for JSONP, so a call that did would fail loudly here.
export default function jsonpRetry() {
  return Promise.reject(new Error('JSONP is not built into this app (config/stubs/jsonp.js)'));
}
