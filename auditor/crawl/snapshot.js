// One evaluate that describes what a person sees: every visible control (links, buttons, roles,
// JS-only clickables, hover triggers, search boxes) with its names, place and look, the forms, the open
// overlay and the visible text. Walks open shadow roots and same-origin iframes.
// Returns a JSON *string*: Playwright's structured serialization of a large object costs far more than
// JSON.stringify + json.loads. The Python side (candidates.py) turns it into typed Controls.
async ({ maxText, maxControls, settleMs }) => {
  const ra = window.__ra;
  const settled = ra && ra.settle ? await ra.settle(settleMs) : 0;

  const CLICK_ROLES = /^(button|link|tab|menuitem|menuitemcheckbox|menuitemradio|option|switch|treeitem)$/;
  const STRONG = 'a[href],button,input[type=button],input[type=submit],input[type=image],[role=button],[role=link],[role=tab],[role=menuitem],summary,[onclick]';
  const OVERLAY = 'dialog[open],[role=dialog],[role=alertdialog],[aria-modal="true"],[role=menu],[role=listbox]';
  const POPUP_CLASS = /(^|[\s_-])(modal|dialog|popup|drawer|dropdown|popover|sheet|layer|menu|submenu|sub-menu|flyout)([\s_-]|$)/i;
  const SEARCH_HINT = /search|keyword|^q$|^kw$|^wd$|搜索|查找|搜一搜|查询/i;
  const vw = window.innerWidth, vh = window.innerHeight;
  const clean = (s, n = 100) => (s || '').replace(/\s+/g, ' ').trim().slice(0, n);
  const cls = (e) => (e && typeof e.className === 'string' ? e.className : '');  // SVG has an object here

  const visible = (el) => {
    if (!el.checkVisibility || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true, checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;  // zero or 1-px (sr-only) boxes are not seen
    const doc = el.ownerDocument.documentElement;
    if (r.right < 0 || r.left > Math.max(doc.scrollWidth, vw) || r.bottom < -window.scrollY) return false;
    return true;
  };

  const cssPath = (el, root) => {
    const parts = [];
    while (el && el.nodeType === 1) {
      if (el.id && /^[A-Za-z][\w-]*$/.test(el.id) && root.querySelectorAll('#' + el.id).length === 1) {
        parts.unshift('#' + el.id);
        break;
      }
      let i = 1, sib = el;
      while ((sib = sib.previousElementSibling)) if (sib.localName === el.localName) i++;
      parts.unshift(`${el.localName}:nth-of-type(${i})`);
      if (el.parentNode === root) break;
      el = el.parentElement;
    }
    return parts.join(' > ');
  };

  const effectiveBg = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement || (e.getRootNode() && e.getRootNode().host)) {
      const bg = getComputedStyle(e).backgroundColor;
      if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
    }
    return 'rgb(255, 255, 255)';
  };

  const region = (el) => {
    if (el.closest('footer,[role=contentinfo],#footer,.footer,[class*=footer]')) return 'footer';
    if (el.closest('nav,[role=navigation],[class*=tabbar],[class*=tab-bar]')) return 'nav';
    if (el.closest('header,[role=banner],#header,.header')) return 'header';
    if (el.closest('aside,[role=complementary],.sidebar,[class*=side-bar]')) return 'aside';
    return 'main';
  };

  const hoverSelectors = (doc) => {
    const out = [];
    for (const sheet of doc.styleSheets) {
      let rules;
      try { rules = sheet.cssRules; } catch (e) { continue; }  // cross-origin sheet
      const walk = (list) => {
        for (const rule of list) {
          if (rule.cssRules && !rule.selectorText) { walk(rule.cssRules); continue; }
          const sel = rule.selectorText;
          if (!sel || sel.indexOf(':hover') < 0) continue;
          const st = rule.style;
          if (!(st.display || st.visibility || st.opacity || st.maxHeight || st.height || st.transform)) continue;
          for (const one of sel.split(',')) {
            const i = one.indexOf(':hover');
            if (i > 0) out.push(one.slice(0, i).trim());
          }
        }
      };
      walk(rules);
    }
    return out;
  };

  const controls = [];
  const forms = [];
  let overlay = null;
  let nextId = 0;

  const fieldLabel = (f, doc) => {
    if (f.labels && f.labels.length) return clean(f.labels[0].innerText, 60);
    const aria = f.getAttribute('aria-label');
    if (aria) return clean(aria, 60);
    const by = f.getAttribute('aria-labelledby');
    if (by) { const t = doc.getElementById(by); if (t) return clean(t.innerText, 60); }
    const box = f.closest('.form-item,.form-group,.field,.form-row,.row,li,tr,p,div');
    if (box) {
      const lab = box.querySelector('label,.label,th,dt,span');
      if (lab && lab !== f && !lab.contains(f)) return clean(lab.innerText, 60);
    }
    return clean(f.placeholder || f.name || '', 60);
  };

  const describeForm = (form, doc, framePath, shadowPath, inOverlay) => {
    const fields = [];
    for (const f of form.querySelectorAll('input,select,textarea')) {
      const type = (typeof f.type === 'string' && f.type ? f.type : f.localName).toLowerCase();
      if (type === 'hidden') continue;
      if (type !== 'file' && !visible(f)) continue;  // file inputs are often styled away
      const item = {
        tag: f.localName, type, name: f.name || '', id: f.id || '', label: fieldLabel(f, doc),
        placeholder: clean(f.placeholder || '', 60), required: !!(f.required || f.getAttribute('aria-required') === 'true'),
        disabled: !!f.disabled, path: cssPath(f, f.getRootNode()), accept: f.accept || '', multiple: !!f.multiple,
      };
      if (f.localName === 'select') item.options = [...f.options].slice(0, 40).map((o) => clean(o.text, 40));
      if (type === 'radio' || type === 'checkbox') item.value = f.value;
      fields.push(item);
    }
    const submits = [...form.querySelectorAll('button,input[type=submit],input[type=image],[role=button]')]
      .filter((b) => visible(b) && (b.localName !== 'button' || (b.type || 'submit') === 'submit' || b.getAttribute('role') === 'button'))
      .map((b) => ({ label: clean(b.innerText || b.value || b.getAttribute('aria-label') || '', 40), disabled: !!b.disabled, path: cssPath(b, b.getRootNode()) }));
    forms.push({
      path: cssPath(form, form.getRootNode()), frame: framePath, shadow: shadowPath,
      search: !!(ra && ra.isSearchForm && form.localName === 'form' && ra.isSearchForm(form)),
      method: (form.getAttribute('method') || 'get').toLowerCase(), action: form.action || '',
      inOverlay, fields, submits, tag: form.localName,
    });
  };

  const scan = (root, doc, win, framePath, shadowPath, offset) => {
    const marks = win.__ra ? win.__ra.marks : null;
    const hoverTriggers = new Set();
    if (root === doc) {
      for (const sel of hoverSelectors(doc)) {
        try { for (const el of doc.querySelectorAll(sel)) hoverTriggers.add(el); } catch (e) { /* odd selector */ }
      }
    }
    const modal = [...root.querySelectorAll('dialog[open],[aria-modal="true"],[role=dialog],[role=alertdialog]')].filter(visible).pop();
    const openOverlay = modal || [...root.querySelectorAll(OVERLAY)].filter(visible).pop()
      || [...root.querySelectorAll('[class]')].find((e) => POPUP_CLASS.test(cls(e))
        && visible(e) && /fixed|absolute/.test(getComputedStyle(e).position) && e.querySelector('a,button,[role],input,[onclick]'));
    if (openOverlay && !overlay) {
      overlay = {
        kind: modal ? 'dialog' : (openOverlay.getAttribute('role') === 'menu' ? 'menu' : (POPUP_CLASS.exec(cls(openOverlay)) || [null, null, 'popup'])[2].toLowerCase()),
        label: clean(openOverlay.getAttribute('aria-label') || (openOverlay.querySelector('h1,h2,h3,h4,[class*=title]') || {}).innerText || '', 40),
        modal: !!modal,
      };
    }

    for (const form of root.querySelectorAll('form')) {
      if (visible(form) || form.querySelector('input[type=file]')) describeForm(form, doc, framePath, shadowPath, !!(openOverlay && openOverlay.contains(form)));
    }
    if (modal && !modal.querySelector('form') && modal.querySelector('select,textarea,input:not([type=hidden])')) {
      describeForm(modal, doc, framePath, shadowPath, true);
    }

    for (const el of root.querySelectorAll('*')) {
      if (controls.length >= maxControls) break;
      if (el.shadowRoot) scan(el.shadowRoot, doc, win, framePath, shadowPath.concat([cssPath(el, root)]), offset);
      const tag = el.localName;
      if (tag === 'iframe') {
        let inner = null;
        try { inner = el.contentDocument; } catch (e) { inner = null; }  // cross-origin: not ours to crawl
        if (inner && inner.body && visible(el)) {
          const r = el.getBoundingClientRect();
          scan(inner, inner, el.contentWindow, framePath.concat([cssPath(el, root)]), [], { x: offset.x + r.left, y: offset.y + r.top });
        }
        continue;
      }
      if (tag === 'script' || tag === 'style' || tag === 'head' || tag === 'option' || tag === 'label') continue;
      const mark = marks ? (marks.get(el) || 0) : 0;
      const role = el.getAttribute('role') || '';
      let kind = null, why = null;
      const type = typeof el.type === 'string' ? el.type.toLowerCase() : '';  // form.type may be an input
      if (tag === 'a' && el.hasAttribute('href')) { kind = 'click'; why = 'link'; }
      else if (tag === 'button') { kind = 'click'; why = 'button'; }
      else if (tag === 'input' && /^(button|submit|reset|image)$/.test(type)) { kind = 'click'; why = 'button'; }
      else if (tag === 'summary') { kind = 'click'; why = 'summary'; }
      else if (CLICK_ROLES.test(role)) { kind = 'click'; why = 'role'; }
      else if (tag === 'input' || tag === 'textarea') {
        const form = el.form;
        const hint = `${el.name} ${el.id} ${el.placeholder} ${el.getAttribute('aria-label') || ''}`;
        if ((type === 'search') || (/^(text|search|)$/.test(type) && ((form && ra && ra.isSearchForm(form)) || (!form && SEARCH_HINT.test(hint))))) {
          kind = 'search'; why = 'search';
        } else continue;
      } else if (el.hasAttribute('onclick') || typeof el.onclick === 'function' || (mark & 1)) {
        if (el.parentElement && el.parentElement.closest(STRONG)) continue;  // inner part of a control
        kind = 'click'; why = 'handler';
      }
      // A hover trigger: a CSS :hover rule reveals something under it, or a mouseenter/over listener.
      // (aria-haspopup alone says a menu exists, usually opened by click: not a hover.)
      const isHover = hoverTriggers.has(el) || (mark & 2);
      if (!kind && !isHover) {
        // Pointer cursor on the outermost element of a region: JS-only clickables of uni-app/Vue shops.
        if (tag === 'html' || tag === 'body') continue;
        const cs = getComputedStyle(el);
        if (cs.cursor !== 'pointer') continue;
        const parent = el.parentElement;
        if (parent && getComputedStyle(parent).cursor === 'pointer') continue;
        if (parent && parent.closest(STRONG)) continue;
        kind = 'click'; why = 'pointer';
      }
      if (!visible(el)) continue;
      if (modal && !modal.contains(el) && root === doc) continue;  // blocked by an open modal dialog
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      const text = clean(el.innerText || (why === 'button' ? el.value : '') || '');
      const aria = clean(el.getAttribute('aria-label') || '');
      const title = clean(el.getAttribute('title') || '');
      const img = el.localName === 'img' ? el : el.querySelector('img[alt]');
      const alt = clean((img && img.getAttribute('alt')) || '');
      const placeholder = clean(el.getAttribute('placeholder') || '');
      let iconHint = '';
      if (!text) {
        const icon = el.querySelector('i,svg,img,span') || el;
        iconHint = clean(`${cls(el)} ${cls(icon)} ${(img && img.getAttribute('src')) || ''}`, 120);
      }
      const form = el.form || el.closest('form');
      let formRole = null;
      if (why === 'button' && form) {
        const submitType = tag === 'input' ? type : (el.getAttribute('type') || 'submit').toLowerCase();
        if (submitType === 'submit' || submitType === 'image') formRole = ra && ra.isSearchForm(form) ? 'search-submit' : 'submit';
        else if (submitType === 'reset') formRole = 'reset';
      }
      let occluded = false;
      const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
      if (cx >= 0 && cy >= 0 && cx < vw && cy < vh && root === doc && framePath.length === 0) {
        const hit = doc.elementFromPoint(cx, cy);
        occluded = !!(hit && hit !== el && !el.contains(hit) && !hit.contains(el));
      }
      const base = {
        kind, why, tag, role, type, text, aria, title, alt, placeholder,
        href: tag === 'a' && el.hasAttribute('href') ? el.href : '',
        rawHref: tag === 'a' ? (el.getAttribute('href') || '') : '',
        target: el.getAttribute('target') || '',
        frame: framePath, shadow: shadowPath, path: cssPath(el, root),
        rect: [Math.round(r.left + offset.x), Math.round(r.top + offset.y + window.scrollY), Math.round(r.width), Math.round(r.height)],
        inView: r.bottom > 0 && r.top < vh && r.right > 0 && r.left < vw,
        fontSize: parseFloat(cs.fontSize) || 0, fontWeight: cs.fontWeight, color: cs.color, bg: effectiveBg(el),
        opacity: parseFloat(cs.opacity), disabled: !!(el.disabled || el.getAttribute('aria-disabled') === 'true'),
        region: region(el), inOverlay: !!(openOverlay && openOverlay.contains(el)),
        listener: mark, expanded: el.getAttribute('aria-expanded'), haspopup: el.getAttribute('aria-haspopup') || '',
        toggle: tag === 'summary' || el.hasAttribute('aria-expanded') || el.hasAttribute('aria-controls') || el.hasAttribute('data-toggle'),
        iconHint, formRole, formSearch: !!(form && ra && ra.isSearchForm(form)), occluded,
        formPath: form ? cssPath(form, form.getRootNode()) : '',
      };
      if (kind) controls.push({ id: nextId++, ...base });
      if (isHover && kind !== 'search') controls.push({ id: nextId++, ...base, kind: 'hover', why: 'hover' });
    }
  };

  scan(document, document, window, [], [], { x: 0, y: 0 });
  const body = document.body;
  const nav = performance.getEntriesByType('navigation')[0];
  return JSON.stringify({
    status: nav ? (nav.responseStatus || 0) : 0,
    url: location.href,
    title: document.title,
    settledMs: settled,
    viewport: [vw, vh],
    docHeight: document.documentElement.scrollHeight,
    overlay,
    controls,
    forms,
    text: body ? clean(body.innerText, maxText) : '',
    headings: [...document.querySelectorAll('h1,h2,h3')].filter(visible).slice(0, 12).map((h) => clean(h.innerText, 60)),
    blocked: ra ? ra.blocked.splice(0) : [],
  });
}
