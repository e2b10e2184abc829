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
  // A date picker's cells and month arrows are a field's insides, like a select's options: a person
  // looking for a refund never pages through a calendar, and each month would be a state of its own.
  const PICKER = '.bootstrap-datetimepicker-widget,.ui-datepicker,.datepicker-dropdown,.flatpickr-calendar,.layui-laydate,'
    + '.el-picker-panel,.ant-picker-dropdown,.van-calendar,.pika-single,.daterangepicker,.xdsoft_datetimepicker';
  const POPUP_CLASS = /(^|[\s_-])(modal|dialog|popup|drawer|dropdown|popover|sheet|layer|menu|submenu|sub-menu|flyout)([\s_-]|$)/i;
  const SEARCH_HINT = /search|keyword|^q$|^kw$|^wd$|搜索|查找|搜一搜|查询/i;
  const vw = window.innerWidth, vh = window.innerHeight;
  const clean = (s, n = 100) => (s || '').replace(/\s+/g, ' ').trim().slice(0, n);
  const cls = (e) => (e && typeof e.className === 'string' ? e.className : '');  // SVG has an object here

  const visible = (el) => {
    if (!el.checkVisibility || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true, checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;  // zero or 1-px (sr-only) boxes are not seen
    // Off to the right (a nav pushed past the edge, a wide table) is still on the page; far off to the
    // left or above is the "visually hidden" trick.
    if (r.right < 0 || r.bottom < -window.scrollY) return false;
    return true;
  };

  // Icon fonts draw a word as a glyph (Material Icons' "support_agent", iconfont's private-use
  // characters): a person reads the glyph as a picture, so the word is not part of the label.
  const ICON_CLASS = /(^|\s)(material-icons[\w-]*|material-symbols[\w-]*|iconfont|icon-font|glyphicon[\w-]*|fa[srbl]?|fa-[\w-]+|bi|bi-[\w-]+|layui-icon[\w-]*|el-icon[\w-]*|van-icon[\w-]*|anticon[\w-]*|mdi|mdi-[\w-]+|icon|iconify)(\s|$)/;
  const ICON_FONT = /material icons|material symbols|iconfont|fontawesome|font awesome|layui-icon|element-icons|vant-icon|anticon|icomoon|bootstrap-icons/i;
  const LIGATURE = /^[a-z][a-z0-9_]{1,40}$/;
  const PRIVATE_USE = /[\ue000-\uf8ff]/g;
  const isIconGlyph = (el) => {
    if (!/^(i|span|em|b|mat-icon|ion-icon)$/.test(el.localName)) return false;
    const t = (el.textContent || '').trim();
    if (!t || t.length > 40) return false;
    if (!LIGATURE.test(t) && !PRIVATE_USE.test(t)) return false;
    PRIVATE_USE.lastIndex = 0;
    return ICON_CLASS.test(cls(el)) || ICON_FONT.test(getComputedStyle(el).fontFamily || '');
  };
  const BADGE = /^([(（]?\d{1,5}\+?[)）]?|[·•|])$/;  // counters and separators around a name: "我的工单 3", "12 订单总数"
  // What a person reads on a control: its text without icon-font words and counters.
  const readLabel = (el) => {
    let text = el.innerText || '';
    const glyphs = [];
    if (!text.trim()) return { label: '', glyphs };
    for (const icon of [el, ...el.querySelectorAll('i,span,em,b,mat-icon,ion-icon')]) {
      if (!isIconGlyph(icon)) continue;
      const word = (icon.textContent || '').trim();
      glyphs.push(word.replace(PRIVATE_USE, ''));
      text = text.replace(word, ' ');
    }
    text = text.replace(PRIVATE_USE, ' ');
    let label = clean(text, 100);
    const tokens = label.split(' ');
    const named = tokens.filter((t) => !BADGE.test(t));
    if (named.length && named.length < tokens.length) label = named.join(' ');
    const counted = label.replace(/\s*[(（]\d{1,5}\+?[)）]$/, '');  // 售后服务（3）
    if (counted) label = counted;
    return { label, glyphs };
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

  // Where a control sits in the page's frame; the walk goes out of shadow roots (a nav web component).
  const REGIONS = [
    ['footer', 'footer,[role=contentinfo],#footer,.footer,[class*=footer]'],
    ['nav', 'nav,[role=navigation],[role=menubar],[class*=side-nav],[class*=side-menu],[class*=tabbar],[class*=tab-bar],[class*=navbar],[class*=nav-bar],[class*=topnav],[class*=sidenav],.layui-nav,.el-menu,.ant-menu,.van-tabbar'],
    ['header', 'header,[role=banner],#header,.header,.topbar,.top-bar,.layui-header'],
    ['aside', 'aside,[role=complementary],.sidebar,[class*=side-bar],[class*=sidebar],.layui-side'],
  ];
  const CHROME_TAG = /(^|-)(nav|navbar|topnav|header|tabbar|sidebar|menu)(-|$)/;
  const region = (el) => {
    for (let e = el; e; e = e.getRootNode() && e.getRootNode().host) {
      for (const [name, sel] of REGIONS) if (e.closest(sel)) return name;
      for (let a = e; a && a.nodeType === 1; a = a.parentElement) {
        const m = a.localName.indexOf('-') > 0 && CHROME_TAG.exec(a.localName);
        if (m) return m[2] === 'header' ? 'header' : (m[2] === 'sidebar' ? 'aside' : 'nav');
      }
    }
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
  const messages = [];
  // What the site says after an action: field errors, alerts, toasts (judged by the refund flow).
  const MESSAGE = '[role=alert],[aria-live=assertive],[aria-live=polite],.error,.errors,.error-tip,.error-msg,.errmsg,.invalid-feedback,.help-block,.form-error,.field-error,.text-danger,.alert,.el-form-item__error,.el-message,.el-notification,.layui-layer-msg,.layui-form-danger,.van-toast,.toast,.ant-message,.ant-form-item-explain-error,.weui-toast,.message,.notice-error';
  const collectMessages = (root, framePath) => {
    for (const el of root.querySelectorAll(MESSAGE)) {
      if (messages.length >= 20 || !visible(el)) continue;
      const text = clean(el.innerText, 160);
      if (text && !messages.some((m) => m.text === text)) messages.push({ text, frame: framePath, kind: cls(el).slice(0, 60) || el.getAttribute('role') || '' });
    }
  };
  let overlay = null;
  let nextId = 0;
  // What a dialog asks, without its buttons' own words: the question its 确定 answers (the gate reads it;
  // a 取消退款 button next to 继续退款 is no part of the question).
  const question = (box) => {
    const parts = [];
    const walker = (box.ownerDocument || document).createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n && parts.length < 200; n = walker.nextNode()) {
      const at = n.parentElement;
      if (!at || at.closest('a,button,[role=button],[role=menuitem],[onclick],input,select,textarea,option')) continue;
      parts.push(n.nodeValue);
    }
    return clean(parts.join(' '), 300);
  };

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

  // Custom selects: the widget a person uses (Chosen, select2, layui, bootstrap-select over a hidden
  // native <select>; el-select, ant-select, van-field pickers without one) is read as one select field.
  const WIDGET = /(^|\s)(chosen-container|select2-container|select2|layui-form-select|bootstrap-select|selectpicker|el-select|ant-select|van-field|van-picker|el-cascader|ivu-select|n-select|t-select|arco-select)(\s|$)/;
  const widgetOf = (select) => {
    for (const el of [select.nextElementSibling, select.parentElement, select.previousElementSibling]) {
      if (!el || el === select) continue;
      const c = cls(el);
      if (WIDGET.test(c) && visible(el)) return el;
      const inner = el.querySelector && el.querySelector('.chosen-container,.select2-container,.layui-form-select,.bootstrap-select');
      if (inner && visible(inner) && el !== select.parentElement) return inner;
    }
    return null;
  };
  const widgetKind = (el) => {
    const m = WIDGET.exec(cls(el)) || WIDGET.exec(cls(el.parentElement));
    return m ? m[2].replace(/-container$/, '') : (el.getAttribute('role') === 'combobox' ? 'combobox' : 'custom');
  };
  const SUBMIT_WORDS = /提交|确认|确定|保存|申请|发送|立即|submit|send|apply|confirm|save/i;
  const fieldsOf = (container, orphan) => {
    const out = [];
    for (const f of container.querySelectorAll('input,select,textarea,[contenteditable=""],[contenteditable=true],[role=textbox]')) {
      if (orphan && f.closest('form')) continue;
      const editable = !/^(input|select|textarea)$/.test(f.localName);
      if (editable && f.parentElement && f.parentElement.closest('[contenteditable=""],[contenteditable=true]')) continue;
      // select2 shows its choice in a read-only span with role=textbox: part of the select, not a field
      if (editable && (f.getAttribute('aria-readonly') === 'true' || f.closest('.select2-container,.chosen-container'))) continue;
      let type = editable ? 'textarea' : (typeof f.type === 'string' && f.type ? f.type : f.localName).toLowerCase();
      if (type === 'hidden' || type === 'submit' || type === 'button' || type === 'reset' || type === 'image') continue;
      let widget = null;
      if (f.localName === 'select' && !visible(f)) {
        const w = widgetOf(f);
        if (!w) continue;
        widget = { kind: widgetKind(w), path: cssPath(w, w.getRootNode()) };
      } else if (type !== 'file' && !visible(f)) {
        continue;  // file inputs are often styled away behind a button
      }
      if (!widget && f.localName === 'input' && (f.readOnly || f.getAttribute('role') === 'combobox')) {
        // el-select / van-field picker: a read-only input inside the widget, options in a popup
        const host = f.closest('.el-select,.ant-select,.van-field,.el-cascader,.ivu-select,.n-select,.t-select,.arco-select,[role=combobox]');
        if (host || f.getAttribute('role') === 'combobox') {
          const w = host || f;
          widget = { kind: widgetKind(w), path: cssPath(w, w.getRootNode()) };
          type = 'select';
        }
      }
      const item = {
        tag: f.localName, type, name: f.name || f.getAttribute('name') || '', id: f.id || '', label: fieldLabel(f, f.ownerDocument),
        placeholder: clean(f.placeholder || f.getAttribute('placeholder') || f.getAttribute('aria-placeholder') || '', 60),
        required: !!(f.required || f.getAttribute('aria-required') === 'true'),
        disabled: !!(f.disabled || f.getAttribute('aria-disabled') === 'true'), path: cssPath(f, f.getRootNode()),
        accept: f.accept || '', multiple: !!f.multiple, widget,
        readonly: !!f.readOnly, min: f.min || '', max: f.max || '', pattern: f.pattern || '',
        maxlength: f.maxLength > 0 ? f.maxLength : 0,
        invalid: f.willValidate && f.validity && !f.validity.valid && f.matches(':user-invalid') ? clean(f.validationMessage, 80) : '',
      };
      if (f.localName === 'select') item.options = [...f.options].slice(0, 40).map((o) => clean(o.text, 40));
      if (type === 'radio' || type === 'checkbox') item.value = f.value;
      else if (f.localName === 'input' && type !== 'file' && type !== 'password') item.value = clean(f.value, 60);
      else if (f.localName === 'select') item.value = f.selectedIndex >= 0 && f.options[f.selectedIndex] ? clean(f.options[f.selectedIndex].text, 40) : '';
      out.push(item);
    }
    return out;
  };
  const buttonInfo = (b, outside) => ({
    label: clean(readLabel(b).label || b.value || b.getAttribute('aria-label') || '', 40),
    disabled: !!(b.disabled || b.getAttribute('aria-disabled') === 'true' || /(^|\s)(disabled|is-disabled|layui-btn-disabled)(\s|$)/.test(cls(b))),
    path: cssPath(b, b.getRootNode()), outside,
  });
  // A form's submit may sit outside it (a card footer, a dialog's button bar, <button form=id>).
  const outsideSubmits = (form) => {
    const out = [];
    const root = form.getRootNode();
    if (form.id) {
      for (const b of root.querySelectorAll(`[form="${CSS.escape(form.id)}"]`)) if (visible(b)) out.push(b);
    }
    const box = form.parentElement && form.parentElement.closest('[role=dialog],dialog,.modal,.el-dialog,.layui-layer,.card,.panel,.box,section,article,main,.container');
    if (box) {
      for (const b of box.querySelectorAll('button,a[role=button],[role=button],input[type=button],input[type=submit],.btn,.layui-btn,.el-button')) {
        if (form.contains(b) || out.includes(b) || !visible(b) || b.closest('form')) continue;
        if (SUBMIT_WORDS.test(readLabel(b).label || b.value || '')) out.push(b);
      }
    }
    return out;
  };

  const describeForm = (form, doc, framePath, shadowPath, inOverlay, orphan) => {
    const fields = fieldsOf(form, orphan);
    if (orphan && !fields.length) return;
    let submits = [...form.querySelectorAll('button,input[type=submit],input[type=image],[role=button]')]
      .filter((b) => (!orphan || !b.closest('form')) && visible(b)
        && (b.localName !== 'button' || (b.type || 'submit') === 'submit' || b.getAttribute('role') === 'button'
          || orphan || SUBMIT_WORDS.test(readLabel(b).label)))
      .map((b) => buttonInfo(b, false));
    if (!orphan && !submits.some((b) => SUBMIT_WORDS.test(b.label))) {
      submits = submits.concat(outsideSubmits(form).map((b) => buttonInfo(b, true)));
    }
    forms.push({
      path: cssPath(form, form.getRootNode()), frame: framePath, shadow: shadowPath,
      search: !!(ra && ra.isSearchForm && form.localName === 'form' && ra.isSearchForm(form)),
      method: (form.getAttribute('method') || (form.localName === 'form' ? 'get' : 'script')).toLowerCase(),
      action: form.localName === 'form' ? (form.action || '') : '',
      inOverlay, fields, submits, tag: form.localName, orphan: !!orphan,
    });
  };
  // Fields outside any <form> (script-driven pages): grouped by the panel they sit in.
  const orphanPanels = (root) => {
    const panels = new Set();
    for (const f of root.querySelectorAll('input:not([type=hidden]),select,textarea,[contenteditable=""],[contenteditable=true]')) {
      if (f.closest('form') || (f.localName !== 'select' && f.type !== 'file' && !visible(f))) continue;
      if (ra && ra.isSearchForm && f.localName === 'input' && SEARCH_HINT.test(`${f.name} ${f.id} ${f.placeholder}`)) continue;
      const panel = f.closest('[role=dialog],dialog,.modal,.el-dialog,.layui-layer,.van-popup,.card,.panel,.box,section,article,main') || root.body || root;
      panels.add(panel);
    }
    return [...panels].filter((p) => ![...panels].some((q) => q !== p && q.contains(p)));
  };

  // A modal's backdrop listens for clicks to close it (Element's close-on-click-modal, layui's shade):
  // it is not a control, and its text is the whole dialog's.
  const BACKDROP = /(^|[\s_-])(overlay|mask|backdrop|shade|modal-wrap)([\s_-]|$)/i;
  const isBackdrop = (el) => BACKDROP.test(cls(el)) || !!el.querySelector('[role=dialog],[aria-modal="true"],dialog');

  const scan = (root, doc, win, framePath, shadowPath, offset) => {
    const marks = win.__ra ? win.__ra.marks : null;
    const hoverTriggers = new Set();
    if (root === doc) {
      for (const sel of hoverSelectors(doc)) {
        try { for (const el of doc.querySelectorAll(sel)) hoverTriggers.add(el); } catch (e) { /* odd selector */ }
      }
    }
    const modal = [...root.querySelectorAll('dialog[open],[aria-modal="true"],[role=dialog],[role=alertdialog]')].filter(visible).pop();
    // A popup without dialog roles (layui layer, Bootstrap modal) over a shade that covers the page: what
    // lies under the shade cannot be used until the popup is closed.
    const shade = root === doc ? [...doc.querySelectorAll('[class]')].find((e) => BACKDROP.test(cls(e))
      && getComputedStyle(e).position === 'fixed' && visible(e) && (() => {
        const b = e.getBoundingClientRect();
        return b.width >= win.innerWidth * 0.9 && b.height >= win.innerHeight * 0.9;
      })()) : null;
    const shadeZ = shade ? (parseInt(getComputedStyle(shade).zIndex, 10) || 0) : 0;
    const shadeFree = (el) => {
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
        const st = getComputedStyle(e);
        if (st.position === 'fixed' && (parseInt(st.zIndex, 10) || 0) > shadeZ) return true;
      }
      return false;
    };
    const openOverlay = modal || [...root.querySelectorAll(OVERLAY)].filter(visible).pop()
      || [...root.querySelectorAll('[class]')].find((e) => POPUP_CLASS.test(cls(e))
        && visible(e) && /fixed|absolute/.test(getComputedStyle(e).position) && e.querySelector('a,button,[role],input,[onclick]'));
    if (openOverlay && !overlay) {
      overlay = {
        kind: modal ? 'dialog' : (openOverlay.getAttribute('role') === 'menu' ? 'menu' : (POPUP_CLASS.exec(cls(openOverlay)) || [null, null, 'popup'])[2].toLowerCase()),
        label: clean(openOverlay.getAttribute('aria-label') || (openOverlay.querySelector('h1,h2,h3,h4,[class*=title]') || {}).innerText || '', 40),
        modal: !!modal,
        text: question(openOverlay),
      };
    }

    for (const form of root.querySelectorAll('form')) {
      if (visible(form) || form.querySelector('input[type=file]')) describeForm(form, doc, framePath, shadowPath, !!(openOverlay && openOverlay.contains(form)), false);
    }
    collectMessages(root, framePath);
    for (const panel of orphanPanels(root)) {
      describeForm(panel, doc, framePath, shadowPath, !!(openOverlay && openOverlay.contains(panel)), true);
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
      if (el.closest(PICKER)) continue;
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
        if (isBackdrop(el)) continue;
        kind = 'click'; why = 'handler';
      }
      // A hover trigger: a CSS :hover rule reveals something under it, or a mouseenter/over listener.
      // (aria-haspopup alone says a menu exists, usually opened by click: not a hover.)
      const isHover = hoverTriggers.has(el) || (mark & 2);
      if (!kind) {
        // Pointer cursor on the outermost element of a region: JS-only clickables of uni-app/Vue shops,
        // and buttons whose click a container handles (layui's table toolbar: a[lay-event], no href),
        // also when they have a hover tip of their own.
        const parent = el.parentElement;
        const pointer = tag !== 'html' && tag !== 'body' && getComputedStyle(el).cursor === 'pointer' && !(parent && getComputedStyle(parent).cursor === 'pointer')
          && !(parent && parent.closest(STRONG)) && !isBackdrop(el);
        if (pointer) { kind = 'click'; why = 'pointer'; }
        else if (!isHover) continue;
      }
      if (!visible(el)) continue;
      if (modal && !modal.contains(el) && root === doc) continue;  // blocked by an open modal dialog
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      const read = readLabel(el);
      const text = read.label || clean(why === 'button' ? el.value : '');
      const aria = clean(el.getAttribute('aria-label') || '');
      const title = clean(el.getAttribute('title') || '');
      const img = el.localName === 'img' ? el : el.querySelector('img[alt]');
      const alt = clean((img && img.getAttribute('alt')) || '');
      const placeholder = clean(el.getAttribute('placeholder') || '');
      let iconHint = '';
      if (!text) {
        const icon = el.querySelector('i,svg,img,span') || el;
        iconHint = clean(`${read.glyphs.join(' ')} ${cls(el)} ${cls(icon)} ${(img && img.getAttribute('src')) || ''}`, 120);
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
      const inside = cx >= 0 && cy >= 0 && cx < win.innerWidth && cy < win.innerHeight;
      if (inside && root === doc) {
        const hit = doc.elementFromPoint(cx, cy);
        occluded = !!(hit && hit !== el && !el.contains(hit) && !hit.contains(el));
        // Drawn over by a copy of itself (layui's fixed columns repeat the row's cells over the table):
        // the copy on top is the one a person uses.
        const top = occluded && (hit.closest(STRONG) || hit);
        if (top && read.label && clean(top.innerText) === clean(el.innerText)) continue;
      }
      // Under an open popup's shade: closing the popup comes first.
      if (shade && root === doc && !shade.contains(el) && !shadeFree(el)) continue;
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
        offscreen: r.left >= vw || r.right > vw + 2,
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
    settle: settled,
    viewport: [vw, vh],
    docHeight: document.documentElement.scrollHeight,
    overlay,
    controls,
    forms,
    messages,
    text: body ? clean(body.innerText, maxText) : '',
    headings: [...document.querySelectorAll('h1,h2,h3')].filter(visible).slice(0, 12).map((h) => clean(h.innerText, 60)),
    blocked: ra ? ra.blocked.splice(0) : [],
  });
}
