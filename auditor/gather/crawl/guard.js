// Installed in every page before the site's own scripts (context.add_init_script).
// 1. Remembers which elements got click / hover listeners, so the snapshot can find JS-only controls.
// 2. Guards against side effects while exploring: non-search form submits and non-GET fetch/XHR/beacons
//    are refused unless the refund flow has explicitly armed a submit (window.__ra.armed).
// 3. Knows when what a user input started has finished (requests, timers, route changes, frames,
//    skeletons), so the snapshot waits for the page to settle without sleeping.
// 4. Checks where an aimed click lands (driver.py's fast click), like Playwright's own hit-target check.
(() => {
  if (window.__ra) return;
  const CLICK = new Set(['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'touchstart', 'touchend', 'dblclick']);
  const HOVER = new Set(['mouseenter', 'mouseover', 'pointerenter', 'pointerover']);
  const marks = new WeakMap();
  const ra = { marks, pending: 0, armed: false, blocked: [] };
  Object.defineProperty(window, '__ra', { value: ra, enumerable: false });

  // An input handler that returns a promise (an async handler, jQuery's dispatch of one) is still at work
  // until it settles: `await import('./refund-dialog.js')` loads a chunk (and the chunks it imports) the
  // page knows nothing of, and between one chunk's end and the next one's request the network is idle.
  // One wrapper per function, so that removeEventListener and duplicate adds behave as before.
  const INPUT = new Set([...CLICK, ...HOVER, 'input', 'change', 'keydown', 'keyup', 'submit']);
  const wrappers = new WeakMap();
  const handlers = new Map();  // id -> when the handler's promise started
  let handlerId = 0;
  const awaited = (fn) => {
    if (typeof fn !== 'function') return fn;
    let wrapper = wrappers.get(fn);
    if (!wrapper) {
      wrapper = function () {
        const out = fn.apply(this, arguments);
        if (out && typeof out.then === 'function') {
          const id = ++handlerId;
          handlers.set(id, performance.now());
          const done = () => { handlers.delete(id); touch(0); };
          try { out.then(done, done); } catch (e) { handlers.delete(id); }
        }
        return out;
      };
      wrappers.set(fn, wrapper);
    }
    return wrapper;
  };
  const addListener = EventTarget.prototype.addEventListener;
  const removeListener = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    try {
      if (this instanceof Element) {
        let m = marks.get(this) || 0;
        if (CLICK.has(type)) m |= 1;
        if (HOVER.has(type)) m |= 2;
        marks.set(this, m);
      }
    } catch (e) { /* never break the site */ }
    return addListener.call(this, type, INPUT.has(type) ? awaited(fn) : fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, opts) {
    return removeListener.call(this, type, INPUT.has(type) && typeof fn === 'function' ? (wrappers.get(fn) || fn) : fn, opts);
  };

  const SEARCH_NAME = /^(q|s|kw|wd|key|keyword|keywords|search|query|word|searchkey)$/i;
  ra.isSearchForm = (form) => {
    if (!form) return false;
    if (form.getAttribute('role') === 'search' || form.closest('[role=search]')) return true;
    if (form.querySelector('input[type=search]')) return true;
    const action = (form.getAttribute('action') || '').toLowerCase();
    if (/(^|[\/?._-])(search|so|query)([\/?._=-]|$)/.test(action)) return true;
    const texts = [...form.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select')];
    return texts.length === 1 && texts[0].tagName === 'INPUT' && SEARCH_NAME.test(texts[0].name || texts[0].id || '');
  };
  // The one page the tool itself trusts (a re-login after the site dropped the session) carries the
  // driver's secret token, set by that page's own init script: its login form submits.
  const TRUST = /*TRUST*/"";
  const allowed = () => ra.armed || (TRUST !== '' && window.__raTrust === TRUST);
  const refuse = (what, detail) => { ra.blocked.push({ what, detail: String(detail).slice(0, 200), at: Date.now() }); };

  addListener.call(window, 'submit', (ev) => {
    const form = ev.target;
    if (allowed() || ra.isSearchForm(form)) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    refuse('form-submit', form && (form.getAttribute('action') || form.id || 'form'));
  }, true);
  const nativeSubmit = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function () {
    if (allowed() || ra.isSearchForm(this)) return nativeSubmit.call(this);
    refuse('form-submit', this.getAttribute('action') || this.id || 'form');
  };

  const safeMethod = (m) => !m || /^(get|head|options)$/i.test(m);
  // The profile's read-only POST endpoints (crawl.read_only_posts), filled in by the driver.
  const READ_ONLY_POSTS = /*READ_ONLY_POSTS*/[];
  const readOnly = (url) => {
    let path = '';
    try { const u = new URL(String(url), location.href); if (u.origin !== location.origin) return false; path = u.pathname; } catch (e) { return false; }
    return READ_ONLY_POSTS.some((p) => p && (path === p || path.indexOf(p) >= 0));
  };
  const nativeFetch = window.fetch;
  window.fetch = function (input, init) {
    const method = (init && init.method) || (input && input.method) || 'GET';
    if (!allowed() && !safeMethod(method) && !readOnly(input && input.url ? input.url : input)) {
      refuse('fetch', method + ' ' + (input && input.url ? input.url : input));
      return Promise.reject(new TypeError('blocked by refund-audit (exploration is read-only)'));
    }
    const end = ra.started(generation);
    return nativeFetch.apply(this, arguments).finally(end);
  };
  const xhrOpen = XMLHttpRequest.prototype.open;
  const xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__raMethod = method; this.__raUrl = url;
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!allowed() && !safeMethod(this.__raMethod) && !readOnly(this.__raUrl)) {
      refuse('xhr', this.__raMethod + ' ' + this.__raUrl);
      // Fail it as the network would (status 0, error, loadend), so that the page's own failure path
      // runs (an uploader shows 上传失败 and frees its submit) instead of waiting forever.
      const xhr = this;
      Promise.resolve().then(() => {
        Object.defineProperty(xhr, 'readyState', { value: 4, configurable: true });
        Object.defineProperty(xhr, 'status', { value: 0, configurable: true });
        for (const type of ['readystatechange', 'error', 'loadend']) {
          xhr.dispatchEvent(type === 'readystatechange' ? new Event(type) : new ProgressEvent(type));
        }
      });
      return;
    }
    const end = ra.started(generation);
    addListener.call(this, 'loadend', end);
    return xhrSend.apply(this, arguments);
  };
  if (navigator.sendBeacon) {
    navigator.sendBeacon = function (url) { if (!allowed()) { refuse('beacon', url); return false; } return true; };
  }

  // Aimed clicks: the driver checks that the element it means is the one at its click point (ra.aimAt),
  // then clicks there without Playwright's stability wait. Should anything else receive the press (an
  // overlay slid in, the layout moved), the events are swallowed here, before any page handler or default
  // action, and counted; the driver then falls back to Playwright's checked click. The aim ends with the
  // first click that lands (a label's forwarded click to its input passes) or with ra.release().
  ra.aim = null;
  ra.missed = 0;
  const hitAt = (x, y) => {
    let hit = document.elementFromPoint(x, y);
    while (hit && hit.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return hit;
  };
  ra.aimAt = (el) => {
    ra.aim = null;
    if (!el || !el.isConnected || el.disabled || el.getAttribute('aria-disabled') === 'true') return false;
    let box = el.getClientRects()[0];
    if (!box || box.width < 1 || box.height < 1) return false;
    if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) {
      el.scrollIntoView({ block: 'center', inline: 'center' });
      box = el.getClientRects()[0];
      if (!box) return false;
    }
    const hit = hitAt(box.left + box.width / 2, box.top + box.height / 2);
    if (!hit || !(hit === el || el.contains(hit) || (hit.getRootNode() !== document && el.contains(hit.getRootNode().host)))) return false;
    ra.aim = el;
    return true;
  };
  ra.release = () => { const missed = ra.missed; ra.aim = null; ra.missed = 0; return missed; };
  for (const t of ['pointerdown', 'mousedown', 'touchstart', 'pointerup', 'mouseup', 'touchend', 'click', 'auxclick', 'dblclick']) {
    addListener.call(window, t, (ev) => {
      const aim = ra.aim;
      if (!aim || !ev.isTrusted) return;
      if (ev.composedPath().includes(aim)) {
        if (t === 'click') ra.aim = null;
        return;
      }
      ev.preventDefault();
      ev.stopImmediatePropagation();
      ra.missed++;
    }, true);
  }

  // Settle without sleeping: wait (in macrotasks) until what the last user input started has finished.
  // Counted here: requests from their call (fetch, XHR) to the end of their body read, timers and
  // animation frames scheduled by that work (followed through three generations, so a polling loop is
  // not waited for), a route change whose hashchange/popstate has not been handled yet, fonts still
  // loading, same-origin frames (nested) still loading or busy the same way, and skeleton placeholders
  // (加载中, grey shimmer blocks, aria-busy) on screen. Callbacks chained on those promises run in
  // microtasks, so by the time a macrotask sees nothing pending, the site has rendered what it fetched.
  // The network as a whole (lazy route chunks, iframe documents) is watched by the driver.
  let activity = 0;      // last user input, route change or completion of tracked work
  let generation = 0;    // how many tracked hops away from the input the running code is
  const WINDOW_MS = 1000, MAX_GENERATION = 3;
  const touch = (gen) => {
    activity = performance.now();
    generation = gen;
    nativeSetTimeout.call(window, () => { generation = 0; }, 0);  // the code it started has run by then
  };
  for (const t of ['pointerdown', 'mousedown', 'click', 'keydown', 'mouseover', 'touchstart', 'input', 'change']) {
    addListener.call(window, t, () => { activity = performance.now(); generation = 0; }, true);
  }
  const tracking = () => performance.now() - activity < WINDOW_MS && generation < MAX_GENERATION;
  ra.timers = 0;
  ra.frames = 0;
  const nativeSetTimeout = window.setTimeout;
  window.setTimeout = function (fn, delay, ...rest) {
    if (typeof fn !== 'function' || (delay || 0) > WINDOW_MS || !tracking()) return nativeSetTimeout.call(this, fn, delay, ...rest);
    const gen = generation + 1;
    ra.timers++;
    let done = false;
    const finish = () => { if (!done) { done = true; ra.timers--; } };
    const id = nativeSetTimeout.call(this, function () { finish(); touch(gen); return fn.apply(this, arguments); }, delay, ...rest);
    cancels.set(id, finish);
    return id;
  };
  const cancels = new Map();
  const nativeClearTimeout = window.clearTimeout;
  window.clearTimeout = function (id) {
    const finish = cancels.get(id);
    if (finish) { cancels.delete(id); finish(); }
    return nativeClearTimeout.call(this, id);
  };
  const nativeRaf = window.requestAnimationFrame;
  let inFrame = false;
  if (nativeRaf) {
    window.requestAnimationFrame = function (fn) {
      if (inFrame || typeof fn !== 'function' || !tracking()) return nativeRaf.call(this, fn);  // animation loops are not waited for
      ra.frames++;
      return nativeRaf.call(this, function () {
        ra.frames--;
        inFrame = true;
        try { return fn.apply(this, arguments); } finally { inFrame = false; }
      });
    };
  }
  // Requests: fetch and XHR counted from the call; their completion is activity for what follows.
  // A request that has run this long is a long poll or a stream, not the data of a view.
  const REQUEST_MAX_MS = 8000;
  const inflight = new Map();
  let requestId = 0;
  ra.started = (gen) => {
    const id = ++requestId;
    inflight.set(id, performance.now());
    ra.pending = inflight.size;
    return () => { inflight.delete(id); ra.pending = inflight.size; touch(gen + 1); };
  };
  const requestsPending = () => {
    const now = performance.now();
    for (const t of inflight.values()) if (now - t < REQUEST_MAX_MS) return true;
    return false;
  };
  for (const name of ['json', 'text', 'arrayBuffer', 'blob', 'formData']) {
    const native = Response.prototype[name];
    Response.prototype[name] = function () {
      const end = ra.started(generation);
      return native.apply(this, arguments).finally(end);
    };
  }
  // A pending handler is waited for only while something moves: for a short grace after it started or
  // after the last tracked work or loaded resource (a chunk's end; its imports are requested next). One
  // that waits on the user (an in-page confirm box) or on an untracked long timer is not waited for.
  // Only code and data count as moving (chunks, their styles, data calls), not images or beacons, and a
  // handler is waited for at most HANDLER_MAX_MS: one awaiting a modal's answer on a page that keeps
  // loading pictures is not work in progress.
  const HANDLER_GRACE_MS = 150, HANDLER_MAX_MS = 3000;
  const CODE = new Set(['script', 'link', 'fetch', 'xmlhttprequest', 'other']);
  let resourceEnd = 0;
  const seen = (e) => { if (CODE.has(e.initiatorType)) resourceEnd = Math.max(resourceEnd, e.responseEnd); };
  if (window.PerformanceObserver) {
    try {
      new PerformanceObserver((list) => { for (const e of list.getEntries()) seen(e); }).observe({ type: 'resource' });
    } catch (e) { /* no resource timing: the grace after the start still holds */ }
  }
  const lastResourceEnd = () => {
    const entries = performance.getEntriesByType ? performance.getEntriesByType('resource') : [];
    for (let i = Math.max(0, entries.length - 4); i < entries.length; i++) seen(entries[i]);
    return resourceEnd;
  };
  const handlersPending = () => {
    if (!handlers.size) return false;
    const now = performance.now();
    const moved = Math.max(activity, lastResourceEnd());
    for (const since of handlers.values()) {
      if (now - since > HANDLER_MAX_MS) continue;
      if (now - since < HANDLER_GRACE_MS || now - moved < HANDLER_GRACE_MS) return true;
    }
    return false;
  };
  // Routes: pushState/replaceState change the URL without an event; hashchange and popstate are
  // queued and handled later. Until the router has seen the URL the page shows, it is not settled.
  let routeSeen = location.href;
  let routeMismatch = 0;  // when the URL was first seen ahead of the router
  const routed = () => { routeSeen = location.href; touch(0); };
  addListener.call(window, 'hashchange', routed, true);
  addListener.call(window, 'popstate', routed, true);
  for (const name of ['pushState', 'replaceState']) {
    const native = History.prototype[name];
    History.prototype[name] = function () {
      const out = native.apply(this, arguments);
      routed();
      return out;
    };
  }
  const SKELETON = '[aria-busy=true],.skeleton,[class*=skeleton],[class*=shimmer],.el-loading-mask,.van-loading,.layui-table-init,.layui-layer-loading,.spinner,.loading-mask';
  const LOADING_TEXT = /^(加载中|正在加载|载入中|拼命加载中|努力加载中|请稍候|请稍等|数据加载中|loading)[.…。]*$/i;
  const shows = (el) => {
    if (!el.checkVisibility || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const skeleton = (doc) => {
    for (const el of doc.querySelectorAll(SKELETON)) if (shows(el)) return true;
    const walker = doc.createTreeWalker(doc.body || doc, NodeFilter.SHOW_TEXT);
    let n = 0;
    for (let node = walker.nextNode(); node && n < 4000; node = walker.nextNode(), n++) {
      const text = node.nodeValue.trim();
      if (text && text.length <= 10 && LOADING_TEXT.test(text) && node.parentElement && shows(node.parentElement)) return true;
    }
    return false;
  };
  // A box that is still animating in (a toast fading up from opacity 0, a dialog sliding in) is not yet
  // what a person sees. Loops (spinners, marquees) and long decorations are never waited for.
  const ANIMATION_MAX_MS = 2000;
  const animating = () => {
    if (!document.getAnimations) return false;
    for (const a of document.getAnimations()) {
      if (a.playState !== 'running' || !a.effect) continue;
      const timing = a.effect.getComputedTiming();
      if (Number.isFinite(timing.endTime) && timing.endTime <= ANIMATION_MAX_MS) return true;
    }
    return false;
  };
  // Why this document (and its same-origin frames) is not settled yet, or '' when it is.
  ra.busy = (withSkeleton) => {
    if (document.readyState === 'loading') return 'document';
    if (requestsPending()) return 'requests';
    if (handlersPending()) return 'handler';
    if (ra.timers > 0) return 'timers';
    if (ra.frames > 0) return 'frames';
    if (animating()) return 'animation';
    // A frame's initial about:blank Window is kept by the same-origin page it navigates to (HTML's
    // window reuse), and the guard is not injected again: that first URL is no route change.
    if (routeSeen.startsWith('about:')) routeSeen = location.href;
    if (location.href !== routeSeen) {
      // A URL change whose event never comes (a click on href="#", a hash set before the listener) is
      // taken as seen once a few task turns passed without it.
      const now = performance.now();
      if (!routeMismatch) routeMismatch = now;
      if (now - routeMismatch < 250) return 'route';
      routeSeen = location.href;
    }
    routeMismatch = 0;
    if (document.fonts && document.fonts.status === 'loading') return 'fonts';
    for (const frame of document.querySelectorAll('iframe,frame')) {
      let inner = null;
      try { inner = frame.contentWindow; } catch (e) { inner = null; }
      if (!inner || !shows(frame)) continue;
      let idoc = null;
      try { idoc = inner.document; } catch (e) { continue; }  // cross-origin: not ours to crawl
      const src = frame.getAttribute('src');
      if (src && !/^(about:|javascript:)/i.test(src) && inner.location.href === 'about:blank') return 'frame';  // not navigated yet
      if (idoc.readyState === 'loading') return 'frame';
      const why = inner.__ra && inner.__ra.busy ? inner.__ra.busy(withSkeleton) : '';
      if (why) return 'frame:' + why;
    }
    if (withSkeleton && document.body && skeleton(document)) return 'skeleton';
    return '';
  };
  const channel = new MessageChannel();
  const waiting = [];
  let polls = 0, lastWhy = '';
  channel.port1.onmessage = () => {
    const now = performance.now();
    polls++;
    // The skeleton walk is the costly part: only once nothing else is pending, and while a skeleton
    // stays on screen, every 8th poll.
    let why = ra.busy(false);
    if (!why) why = lastWhy === 'skeleton' && polls % 8 ? 'skeleton' : ra.busy(true);
    lastWhy = why;
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i];
      if (!why || now > w.deadline) {
        waiting.splice(i, 1);
        w.resolve({ ms: Math.round(now - w.start), bound: !!why, waiting: why });
      }
    }
    if (waiting.length) nativeSetTimeout.call(window, () => channel.port2.postMessage(0), 2);
    else lastWhy = '';
  };
  // Resolves with {ms, bound, waiting}: how long it took, whether the bound was hit, and for what.
  ra.settle = (maxMs) => new Promise((resolve) => {
    const start = performance.now();
    waiting.push({ resolve, start, deadline: start + maxMs });
    channel.port2.postMessage(0);
  });
})();
