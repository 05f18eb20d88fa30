/* The phone's service worker: a reload without signal shows the phone's own page.
 *
 * Served from /j/sw.js, so its scope is /j/ (every phone page and nothing else). The
 * phone page asks it to keep a copy of the page and the files it loads (a "cache"
 * message with their URLs; on the first visit the page came before the worker); from then on every request for them goes to the network
 * first (so an online phone always gets fresh files) and falls back to the copy when
 * there is no answer within a few seconds or no network at all. The page then draws
 * itself from what the phone keeps in localStorage (its notes, its outbox, the last
 * workshop state). Socket.IO traffic is never touched.
 *
 * A copy is kept per address without its query (?lang=ar), so the last language the
 * phone used is the one it gets back offline.
 */
"use strict";

var CACHE = "facilitator-phone-1";
var PATIENCE_MS = 4000;  // poor signal: after this, show the copy rather than a spinner

function withoutQuery(url) {
  var parsed = new URL(url, self.location.href);
  return parsed.origin + parsed.pathname;
}

/* A copy of `url` unless one is kept already: the visits after the first came through
   this worker, which keeps what it fetches, so nothing is downloaded twice on a poor signal. */
function keep(url) {
  var key = withoutQuery(url);
  return caches.open(CACHE).then(function (cache) {
    return cache.match(key, { ignoreVary: true }).then(function (copy) {
      if (copy) return;
      return fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (response.ok) return cache.put(key, response);
      });
    });
  });
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* {cache: [url, ...]} from the phone page; answers {cached: true|false} on the port it sent. */
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.cache) || [];
  var port = event.ports && event.ports[0];
  event.waitUntil(Promise.all(urls.map(keep)).then(
    function () { if (port) port.postMessage({ cached: true }); },
    function () { if (port) port.postMessage({ cached: false }); }
  ));
});

function networkFirst(request, key) {
  var network = fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(key, copy); });
    }
    return response;
  });
  var patience = new Promise(function (resolve, reject) { setTimeout(reject, PATIENCE_MS); });
  return Promise.race([network, patience]).catch(function () {
    return caches.match(key, { ignoreVary: true }).then(function (copy) { return copy || network; });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/socket.io/") !== -1) return;
  var isPhonePage = request.mode === "navigate" && url.pathname.indexOf(new URL(self.registration.scope).pathname) === 0;
  var isAsset = /\.(js|css|svg|png|woff2?)$/.test(url.pathname);
  if (!isPhonePage && !isAsset) return;
  event.respondWith(networkFirst(request, withoutQuery(request.url)));
});
