// Loaded with `node --require` when the security scan runs electronegativity: its start-up
// fetches translation files over the network (1 s timeout, then retries), which is
// useless offline and crashes on Node 24 (a late p-cancelable error in got's retry).
// Here that one fetch fails at once instead; the scan and its checks are untouched.
'use strict';
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'got' && parent && /electronegativity[\\/]dist[\\/]locales[\\/]i18n\.js$/.test(parent.filename)) {
    return function offlineGot() {
      return Promise.reject(new Error('offline: translations are not fetched'));
    };
  }
  return load.call(this, request, parent, isMain);
};
