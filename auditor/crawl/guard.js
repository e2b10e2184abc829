// Installed in every page before the site's own scripts (context.add_init_script).
// 1. Remembers which elements got click / hover listeners, so the snapshot can find JS-only controls.
// 2. Guards against side effects while exploring: non-search form submits and non-GET fetch/XHR/beacons
//    are refused unless the refund flow has explicitly armed a submit (window.__ra.armed).
// 3. Counts in-flight requests so the snapshot can wait for the page to settle without sleeping.
// 4. Checks where an aimed click lands (driver.py's fast click), like Playwright's own hit-target check.
(() => {
  if (window.__ra) return;
  const CLICK = new Set(['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'touchstart', 'touchend', 'dblclick']);
  const HOVER = new Set(['mouseenter', 'mouseover', 'pointerenter', 'pointerover']);
  const marks = new WeakMap();
  const ra = { marks, pending: 0, armed: false, blocked: [] };
  Object.defineProperty(window, '__ra', { value: ra, enumerable: false });

  const addListener = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    try {
      if (this instanceof Element) {
        let m = marks.get(this) || 0;
        if (CLICK.has(type)) m |= 1;
        if (HOVER.has(type)) m |= 2;
        marks.set(this, m);
      }
    } catch (e) { /* never break the site */ }
    return addListener.call(this, type, fn, opts);
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
  const refuse = (what, detail) => { ra.blocked.push({ what, detail: String(detail).slice(0, 200), at: Date.now() }); };

  addListener.call(window, 'submit', (ev) => {
    const form = ev.target;
    if (ra.armed || ra.isSearchForm(form)) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    refuse('form-submit', form && (form.getAttribute('action') || form.id || 'form'));
  }, true);
  const nativeSubmit = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function () {
    if (ra.armed || ra.isSearchForm(this)) return nativeSubmit.call(this);
    refuse('form-submit', this.getAttribute('action') || this.id || 'form');
  };

  const safeMethod = (m) => !m || /^(get|head|options)$/i.test(m);
  const nativeFetch = window.fetch;
  window.fetch = function (input, init) {
    const method = (init && init.method) || (input && input.method) || 'GET';
    if (!ra.armed && !safeMethod(method)) {
      refuse('fetch', method + ' ' + (input && input.url ? input.url : input));
      return Promise.reject(new TypeError('blocked by refund-audit (exploration is read-only)'));
    }
    ra.pending++;
    return nativeFetch.apply(this, arguments).finally(() => { ra.pending--; });
  };
  const xhrOpen = XMLHttpRequest.prototype.open;
  const xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__raMethod = method; this.__raUrl = url;
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!ra.armed && !safeMethod(this.__raMethod)) {
      refuse('xhr', this.__raMethod + ' ' + this.__raUrl);
      return;
    }
    ra.pending++;
    addListener.call(this, 'loadend', () => { ra.pending--; });
    return xhrSend.apply(this, arguments);
  };
  if (navigator.sendBeacon) {
    navigator.sendBeacon = function (url) { if (!ra.armed) { refuse('beacon', url); return false; } return true; };
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

  // Settle without sleeping: wait (in macrotasks) until no request, no body read and no short timer
  // started since the last user input is pending. Callbacks chained on those promises run in
  // microtasks, so by the time a macrotask sees zero, the site has rendered what it fetched.
  let lastInput = 0;
  for (const t of ['pointerdown', 'mousedown', 'click', 'keydown', 'mouseover', 'touchstart']) {
    addListener.call(window, t, () => { lastInput = performance.now(); }, true);
  }
  ra.timers = 0;
  const nativeSetTimeout = window.setTimeout;
  window.setTimeout = function (fn, delay, ...rest) {
    const short = (delay || 0) <= 500 && performance.now() - lastInput < 1000;
    if (!short || typeof fn !== 'function') return nativeSetTimeout.call(this, fn, delay, ...rest);
    ra.timers++;
    return nativeSetTimeout.call(this, function () { ra.timers--; return fn.apply(this, arguments); }, delay, ...rest);
  };
  for (const name of ['json', 'text', 'arrayBuffer', 'blob', 'formData']) {
    const native = Response.prototype[name];
    Response.prototype[name] = function () {
      ra.pending++;
      return native.apply(this, arguments).finally(() => { ra.pending--; });
    };
  }
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => {
    const now = performance.now();
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i];
      const idle = ra.pending === 0 && ra.timers <= 0 && document.readyState !== 'loading';
      if (idle || now > w.deadline) { waiting.splice(i, 1); w.resolve(Math.round(now - w.start)); }
    }
    if (waiting.length) nativeSetTimeout(() => channel.port2.postMessage(0), 2);
  };
  ra.settle = (maxMs) => new Promise((resolve) => {
    const start = performance.now();
    waiting.push({ resolve, start, deadline: start + maxMs });
    channel.port2.postMessage(0);
  });
})();
