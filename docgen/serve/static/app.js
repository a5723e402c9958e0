// docgen serve: the form is built from the schema's description (config.form), the values live in
// one object (values), and every change is sent to the server, which validates with docgen's own
// validator and renders the preview.  Nothing here knows a field by name.
(() => {
  'use strict';

  const config = JSON.parse(document.getElementById('docgen-config').textContent);
  const SPEC = config.form;
  const DRAFT_KEY = 'docgen-serve-draft-v1';
  const $ = (id) => document.getElementById(id);
  const formEl = $('campaign-form');

  let values = emptyValue(SPEC, true);
  let fileName = config.default_name;
  let problems = [];
  let revealAll = false;              // show every problem inline (after opening a file or a blocked download)
  const touched = new Set();          // paths the user edited: their problems show inline at once
  let composing = false;              // an IME composition is under way: wait for the committed text
  let checkTimer = null;
  let draftTimer = null;
  let checkSeq = 0;
  let pagesSeq = 0;
  let pagesTimer = null;
  let lastPreview = null;
  let checkedOnce = false;            // problems hold the server's answer (not just the empty start)
  let tidied = [];                    // what the server took in from the last values it checked (see form.tidy)
  const tidyNotes = new Map();        // path → what was changed there, shown until the field is edited again

  // ---------------------------------------------------------------- paths and values
  const pathText = (parts) => parts.reduce((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
  const parentPath = (path) => path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');

  function emptyValue(node, needed) {
    switch (node.type) {
      case 'object': {
        const out = {};
        for (const f of node.fields) out[f.key] = emptyValue(f, needed && f.required);
        return out;
      }
      case 'array': {
        const n = needed ? (node.min_items || 0) : 0;
        return Array.from({ length: n }, () => emptyValue(node.item, true));
      }
      case 'checkbox': case 'raw': return null;
      default: return '';
    }
  }

  function getAt(parts) {
    let v = values;
    for (const p of parts) { if (v == null) return undefined; v = v[p]; }
    return v;
  }

  function setAt(parts, value) {
    let v = values;
    for (const p of parts.slice(0, -1)) v = v[p];
    v[parts[parts.length - 1]] = value;
  }

  function specAt(parts) {
    let node = SPEC;
    for (const p of parts) {
      if (!node) return null;
      if (typeof p === 'number' || /^\d+$/.test(p)) node = node.item;
      else node = node.type === 'object' ? node.fields.find((f) => f.key === p) : null;
    }
    return node;
  }

  function splitPath(path) {
    const parts = [];
    path.replace(/([^.[\]]+)|\[(\d+)\]/g, (_, key, index) => { parts.push(index !== undefined ? Number(index) : key); return ''; });
    return parts;
  }

  // "主要任务 › 任务 2 › 任务编号": a path in words, for the problem list and missing-data notes.
  function labelOf(path) {
    const parts = splitPath(path);
    const words = [];
    let node = SPEC;
    for (const p of parts) {
      if (!node) break;
      if (typeof p === 'number') { words.push(`${node.item_label || node.title} ${p + 1}`); node = node.item; }
      else {
        node = node.type === 'object' ? node.fields.find((f) => f.key === p) : null;
        if (node) words.push(node.title);
        else words.push(p);
      }
    }
    return words.join(' › ') || '整个文件';
  }

  const isBlank = (v) => v == null || (typeof v === 'string' && v.trim() === '') ||
    (Array.isArray(v) && v.every(isBlank)) || (typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isBlank));

  // ---------------------------------------------------------------- building the form
  let uid = 0;
  const fieldId = () => `f${++uid}`;

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === false || v == null) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c != null) node.append(c);
    return node;
  }

  function badge(node) {
    return node.required ? el('span', { class: 'req', text: '必填' }) : el('span', { class: 'opt', text: '可选' });
  }

  function help(node) {
    return node.description ? el('p', { class: 'help', text: node.description }) : null;
  }

  function buildNode(node, parts, needed, bare) {
    switch (node.type) {
      case 'object': return buildObject(node, parts, needed);
      case 'array': return buildArray(node, parts, bare);
      default: return buildInputField(node, parts, bare ? node.title : undefined);
    }
  }

  function objectBody(node, parts, needed) {
    const body = el('div', { class: 'fields' });
    for (const f of node.fields) {
      const built = buildNode(f, parts.concat(f.key), needed && f.required, parts.length === 0);
      body.append(parts.length === 0 && f.type !== 'object' ? section(f, [f.key], built) : built);
    }
    return body;
  }

  // A top-level list or text gets a foldable section like the top-level objects have.
  function section(node, parts, content) {
    const open = node.required || !isBlank(getAt(parts));
    return el('details', { class: 'group depth1', 'data-section': pathText(parts), open },
      el('summary', {}, el('span', { class: 'legend' }, node.title, ' ', badge(node))), help(node), content);
  }

  function buildObject(node, parts, needed) {
    if (parts.length === 0) return objectBody(node, parts, needed);
    const path = pathText(parts);
    const body = objectBody(node, parts, needed);
    const heading = el('span', { class: 'legend' }, node.title, ' ', badge(node));
    const depth = `depth${Math.min(parts.length, 3)}`;
    if (node.required && parts.length > 1) {      // part of a section that is in use: always shown
      return el('fieldset', { class: `group ${depth}`, 'data-path': path },
        el('legend', {}, heading), help(node), el('div', { class: 'errors' }), body);
    }
    // Sections fold; optional ones stay folded until they hold something.
    const open = node.required || !isBlank(getAt(parts));
    return el('details', { class: `group ${depth}`, 'data-path': path, 'data-section': parts.length === 1 ? path : false, open },
      el('summary', {}, heading), help(node), el('div', { class: 'errors' }), body);
  }

  function itemTitle(node, index, value) {
    const base = `${node.item_label || node.title} ${index + 1}`;
    if (node.item.type !== 'object' || !value) return base;
    const first = node.item.fields.find((f) => ['text', 'textarea'].includes(f.type) && typeof value[f.key] === 'string' && value[f.key].trim());
    return first ? `${base}：${value[first.key].trim().slice(0, 40)}` : base;
  }

  function buildArray(node, parts, bare) {
    const path = pathText(parts);
    const list = el('ol', { class: node.item.type === 'object' ? 'items cards' : 'items rows' });
    const wrapper = bare
      ? el('div', { class: 'array field', 'data-path': path }, el('div', { class: 'errors' }), list)
      : el('div', { class: 'array field', 'data-path': path },
        el('div', { class: 'array-head' }, el('span', { class: 'label' }, node.title, ' ', badge(node))),
        help(node), el('div', { class: 'errors' }), list);
    const label = node.item_label || node.title;
    const add = el('button', { type: 'button', class: 'add', text: `＋ 添加${label}` });
    wrapper.append(add);

    const render = () => {
      const items = getAt(parts) || [];
      list.replaceChildren(...items.map((value, i) => buildItem(node, parts, i, items.length, render)));
      applyProblems();
    };
    wrapper.rerender = render;            // a list of names split by the server (applyTidied)
    add.addEventListener('click', () => {
      const items = getAt(parts) || [];
      if (!Array.isArray(getAt(parts))) setAt(parts, items);
      items.push(emptyValue(node.item, true));
      touched.add(path);
      render();
      const last = list.lastElementChild;
      const input = last && last.querySelector('input, textarea, select');
      if (input) input.focus();
      changed();
    });
    const items = getAt(parts);
    if (!Array.isArray(items)) setAt(parts, items == null ? [] : [items]);
    render();
    return wrapper;
  }

  function buildItem(node, parts, index, count, render) {
    const itemParts = parts.concat(index);
    const value = getAt(itemParts);
    const move = (to) => {
      const items = getAt(parts);
      const [moved] = items.splice(index, 1);
      items.splice(to, 0, moved);
      touched.add(pathText(parts));
      render();
      const target = formEl.querySelector(`[data-path="${CSS.escape(pathText(parts.concat(to)))}"] .item-tools button[data-act="${to < index ? 'up' : 'down'}"]`);
      if (target && !target.disabled) target.focus();
      changed();
    };
    const remove = () => {
      const name = itemTitle(node, index, value);
      if (!isBlank(value) && !window.confirm(`删除“${name}”？`)) return;
      getAt(parts).splice(index, 1);
      touched.add(pathText(parts));
      render();
      changed();
    };
    const label = `${node.item_label || node.title} ${index + 1}`;
    const tools = el('span', { class: 'item-tools' },
      el('button', { type: 'button', class: 'tool', 'data-act': 'up', text: '上移', title: `把${label}上移`, 'aria-label': `上移${label}`, disabled: index === 0, onclick: () => move(index - 1) }),
      el('button', { type: 'button', class: 'tool', 'data-act': 'down', text: '下移', title: `把${label}下移`, 'aria-label': `下移${label}`, disabled: index === count - 1, onclick: () => move(index + 1) }),
      el('button', { type: 'button', class: 'tool danger', 'data-act': 'remove', text: '删除', title: `删除${label}`, 'aria-label': `删除${label}`, onclick: remove }));
    if (node.item.type === 'object') {
      const title = el('span', { class: 'item-title', text: itemTitle(node, index, value) });
      const body = objectBody(node.item, itemParts, true);
      return el('li', { class: 'card', 'data-path': pathText(itemParts) },
        el('div', { class: 'item-head' }, title, tools), el('div', { class: 'errors' }), body);
    }
    const field = buildInputField(node.item, itemParts, label);
    field.classList.add('row');
    field.querySelector('.field-line').append(tools);
    return el('li', {}, field);
  }

  function buildInputField(node, parts, rowLabel) {
    const path = pathText(parts);
    const id = fieldId();
    const value = getAt(parts);
    let input;
    const common = { id, 'data-path': path, 'aria-describedby': `${id}-err` };
    switch (node.type) {
      case 'textarea':
        input = el('textarea', { ...common, rows: 2, placeholder: node.placeholder || false });
        input.value = value == null ? '' : String(value);
        break;
      case 'date':
        // Text, so a date can be typed or pasted as people write it (2026年5月1日, ２０２６－０５－０１):
        // the server takes it in as ISO (form.tidy) or names the problem.  The calendar is a button.
        input = el('input', { ...common, type: 'text', inputmode: 'numeric', placeholder: node.placeholder || 'YYYY-MM-DD' });
        input.value = value == null ? '' : String(value);
        break;
      case 'select':
        input = el('select', common, el('option', { value: '', text: '（请选择）' }),
          ...node.options.map((o) => el('option', { value: String(o.value), text: o.label })));
        input.value = value == null ? '' : String(value);
        break;
      case 'checkbox':
        input = el('input', { ...common, type: 'checkbox' });
        input.checked = value === true;
        break;
      case 'raw':
        input = el('textarea', { ...common, rows: 3, readonly: true });
        input.value = value == null ? '' : JSON.stringify(value, null, 2);
        break;
      default:
        input = el('input', { ...common, type: 'text', inputmode: node.type === 'number' ? 'decimal' : false, placeholder: node.placeholder || false });
        input.value = value == null ? '' : String(value);
    }
    input.dataset.kind = node.type;
    const label = el('label', { for: id }, node.title, ' ', badge(node));
    const field = el('div', { class: `field ${node.type}`, 'data-path': path },
      rowLabel ? el('label', { for: id, class: 'visually-hidden', text: rowLabel }) : label,
      el('div', { class: 'field-line' }, input, node.type === 'date' ? calendar(input, node.title) : null),
      el('div', { class: 'errors', id: `${id}-err` }),
      rowLabel ? null : help(node),
      node.type === 'raw' ? el('p', { class: 'help', text: '此项表单不能编辑，打开的文件中的内容会原样保存。' }) : null);
    if (node.type === 'textarea') requestAnimationFrame(() => grow(input));
    return field;
  }

  // The browser's own date picker, behind a button next to a date field; it writes the ISO date.
  function calendar(input, title) {
    const picker = el('input', { type: 'date', class: 'picker', tabindex: '-1', 'aria-hidden': 'true' });
    picker.addEventListener('change', () => {
      if (!picker.value) return;
      input.value = picker.value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const open = () => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(input.value)) picker.value = input.value;
      try { picker.showPicker(); } catch (e) { picker.focus(); }
    };
    return el('span', { class: 'calendar' }, picker,
      el('button', { type: 'button', class: 'tool', text: '选择日期', 'aria-label': `选择${title}`, onclick: open }));
  }

  function grow(textarea) {
    textarea.style.height = 'auto';
    textarea.style.height = `${textarea.scrollHeight + 2}px`;
  }

  function readInput(input) {
    const parts = splitPath(input.dataset.path);
    const kind = input.dataset.kind;
    if (kind === 'raw') return false;
    const value = kind === 'checkbox' ? input.checked : input.value;
    if (getAt(parts) === value) return false;    // e.g. "change" after the "input" that already took it
    setAt(parts, value);
    touched.add(input.dataset.path);
    tidyNotes.delete(input.dataset.path);
    tidyNotes.delete(parentPath(input.dataset.path));
    if (kind === 'textarea') grow(input);
    // The card title follows its first text field.
    const card = input.closest('li.card');
    if (card) {
      const arrayEl = card.parentElement.closest('.array');
      const arrayParts = splitPath(arrayEl.dataset.path);
      const index = splitPath(card.dataset.path).pop();
      const title = card.querySelector(':scope > .item-head > .item-title');
      if (title) title.textContent = itemTitle(specAt(arrayParts), index, getAt(arrayParts.concat(index)));
    }
    return true;
  }

  function buildForm() {
    formEl.replaceChildren(buildNode(SPEC, [], true));
    $('file-name').textContent = fileName;
  }

  // ---------------------------------------------------------------- problems, inline
  function fieldFor(path) {
    let p = path;
    while (p) {
      const found = formEl.querySelector(`.field[data-path="${CSS.escape(p)}"], .group[data-path="${CSS.escape(p)}"], li.card[data-path="${CSS.escape(p)}"]`);
      if (found) return found;
      const up = parentPath(p);
      if (up === p) break;
      p = up;
    }
    return null;
  }

  // A problem shows inline once its field (or something inside it) was edited, or when all are shown.
  const visible = (problem) => revealAll || [problem.field, problem.path].some((p) =>
    p && [...touched].some((t) => t === p || t.startsWith(`${p}.`) || t.startsWith(`${p}[`)));

  function applyProblems() {
    for (const node of formEl.querySelectorAll('.invalid')) node.classList.remove('invalid');
    for (const node of formEl.querySelectorAll('.errors')) node.replaceChildren();
    for (const problem of problems) {
      if (!visible(problem)) continue;
      const field = fieldFor(problem.field) || fieldFor(problem.path);
      if (!field) continue;
      field.classList.add('invalid');
      const box = field.querySelector(':scope > .errors') || field.querySelector('.errors');
      // The validator's hint is sometimes the field's own description, already shown under it.
      const helpText = (field.querySelector(':scope > .help') || {}).textContent || '';
      const hint = problem.hint && !(helpText && problem.hint.includes(helpText)) ? problem.hint : '';
      box.append(el('p', { class: 'error' }, problem.message, hint ? el('span', { class: 'hint', text: hint }) : null));
      const input = field.querySelector(':scope > .field-line > input, :scope > .field-line > textarea, :scope > .field-line > select');
      if (input) input.setAttribute('aria-invalid', 'true');
    }
    for (const input of formEl.querySelectorAll('[aria-invalid]')) {
      if (!input.closest('.invalid')) input.removeAttribute('aria-invalid');
    }
    renderTidy();
    renderStatus();
  }

  // ---------------------------------------------------------------- what the server took in
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  // Take the server's tidied values into the form (a date as ISO, one row per name), except in
  // the field being typed in: that one follows when it is left, so typing is never overwritten.
  function applyTidied() {
    let changedAny = false;
    for (const t of tidied) {
      if (!('to' in t)) continue;
      const parts = splitPath(t.path);
      if (!same(getAt(parts), t.from)) continue;         // edited since: a newer check is coming
      const typing = (document.activeElement && document.activeElement.dataset || {}).path;
      if (typing && (typing === t.path || typing.startsWith(`${t.path}[`) || typing.startsWith(`${t.path}.`))) continue;
      const holder = formEl.querySelector(`.array[data-path="${CSS.escape(t.path)}"], .field[data-path="${CSS.escape(t.path)}"]`);
      setAt(parts, Array.isArray(t.to) ? t.to.slice() : t.to);
      if (t.note) tidyNotes.set(t.path, t.note);
      if (holder && holder.rerender) holder.rerender();
      else {
        const input = formEl.querySelector(`[data-path="${CSS.escape(t.path)}"]:is(input, textarea)`);
        if (input) input.value = t.to;
      }
      changedAny = true;
    }
    if (changedAny) {
      clearTimeout(draftTimer);
      draftTimer = setTimeout(saveDraft, 500);
    }
    renderTidy();
  }

  function tidyBox(field) {
    let box = field.querySelector(':scope > .tidy');
    if (!box) {
      box = el('div', { class: 'tidy', 'aria-live': 'polite' });
      const errors = field.querySelector(':scope > .errors');
      if (errors) errors.after(box); else field.append(box);
    }
    return box;
  }

  // Boxes are rebuilt only when what they say changes: leaving a field for the split button
  // re-renders, and a button replaced between mousedown and mouseup would lose the click.
  function renderTidy() {
    const wanted = new Map();             // field → [[key, build]]
    const add = (field, key, build) => { if (!wanted.has(field)) wanted.set(field, []); wanted.get(field).push([key, build]); };
    for (const [path, note] of tidyNotes) {
      const field = fieldFor(path);
      if (field) add(field, `note ${note}`, () => el('p', { class: 'taken', text: note }));
    }
    for (const t of tidied) {
      if (!t.hint || !same(getAt(splitPath(t.path)), t.from)) continue;
      if (!visible({ path: parentPath(t.path) })) continue;    // the list was edited (rows move when split)
      const field = fieldFor(t.path);
      if (!field) continue;
      add(field, `hint ${t.path} ${t.hint}`, () => el('p', { class: 'suggest' }, t.hint, ' ',
        el('button', { type: 'button', class: 'link', text: `分成 ${t.split.length} 项`, onclick: () => splitRow(t) })));
    }
    for (const box of formEl.querySelectorAll('.tidy')) {
      if (!wanted.has(box.parentElement) && box.firstChild) { box.replaceChildren(); box.dataset.key = ''; }
    }
    for (const [field, items] of wanted) {
      const box = tidyBox(field);
      const key = items.map(([k]) => k).join('\n');
      if (box.dataset.key === key) continue;
      box.dataset.key = key;
      box.replaceChildren(...items.map(([, build]) => build()));
    }
  }

  function splitRow(t) {
    const parts = splitPath(t.path);
    const index = parts.pop();
    const items = getAt(parts);
    if (!Array.isArray(items) || !same(items[index], t.from)) return;
    items.splice(index, 1, ...t.split);
    const arrayPath = pathText(parts);
    touched.add(arrayPath);
    tidyNotes.set(arrayPath, `已分成 ${t.split.length} 项：${t.split.join('、')}`);
    const holder = formEl.querySelector(`.array[data-path="${CSS.escape(arrayPath)}"]`);
    if (holder && holder.rerender) holder.rerender();
    changed();
  }

  function reveal(path) {
    const field = fieldFor(path);
    if (!field) return;
    for (let d = field.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
    field.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const input = field.querySelector('input, textarea, select, button.add');
    if (input) input.focus({ preventScroll: true });
  }

  function renderStatus() {
    const status = $('status');
    if (!checkedOnce) {
      status.className = 'status';
      status.textContent = '正在检查…';
      return;
    }
    if (!problems.length) {
      status.className = 'status ok';
      status.replaceChildren(el('strong', { text: '✓ 填写无误' }), '，右侧是预览，可以下载。');
      return;
    }
    status.className = 'status bad';
    const list = el('ol', { class: 'problem-list' });
    for (const problem of problems) {
      const where = labelOf(problem.field || problem.path);
      list.append(el('li', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); revealAll = true; applyProblems(); reveal(problem.field || problem.path); } }, where), '：', problem.message));
    }
    const showAll = el('button', { type: 'button', class: 'link', text: revealAll ? '收起列表' : '逐项查看', 'aria-expanded': String(revealAll) });
    showAll.addEventListener('click', () => { revealAll = !revealAll; applyProblems(); });
    status.replaceChildren(el('strong', { text: `还有 ${problems.length} 处需要填写或修改` }), ' ', showAll);
    if (revealAll) status.append(list);
  }

  // ---------------------------------------------------------------- talking to the server
  async function post(url, body) {
    const response = await fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    return response;
  }

  const kind = () => $('kind').value;
  const mode = () => (document.querySelector('input[name="mode"]:checked') || { value: 'html' }).value;

  function changed() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 350);
    clearTimeout(draftTimer);
    draftTimer = setTimeout(saveDraft, 500);
  }

  async function check() {
    const seq = ++checkSeq;
    document.body.classList.add('checking');
    let result;
    try {
      const response = await post(`/api/check?kind=${encodeURIComponent(kind())}`, { values, name: fileName });
      result = await response.json();
      if (!response.ok) throw new Error(result.error || response.statusText);
    } catch (error) {
      if (seq === checkSeq) showPreviewNote('error', `预览失败：${error.message}`);
      return;
    } finally {
      if (seq === checkSeq) document.body.classList.remove('checking');
    }
    if (seq !== checkSeq) return;          // a newer check is on its way
    checkedOnce = true;
    problems = result.problems;
    tidied = result.tidied || [];
    applyTidied();
    applyProblems();
    showPreview(result.preview);
  }

  function showPreviewNote(tone, ...content) {
    const note = $('preview-note');
    note.className = `preview-note ${tone}`;
    note.replaceChildren(...content.filter((c) => c != null));
  }

  function showPreview(preview) {
    const pane = $('preview');
    if (!lastPreview && (!preview || preview.missing)) {
      pane.querySelector('.scaler').replaceChildren(el('div', { class: 'preview-empty' },
        el('p', { text: '这里会显示公文的样子。' }),
        el('p', { text: '请先填写左侧的单位全称、活动名称和至少一项主要任务；标“必填”的都填好、没有红色提示后，预览会自动出现，之后每次修改都会即时更新。' })));
    }
    if (!preview) {
      pane.classList.add('stale');
      showPreviewNote('wait', `预览暂停：左侧还有 ${problems.length} 处需要填写或修改，改好后自动更新。`);
      return;
    }
    if (preview.missing) {
      pane.classList.add('stale');
      const links = preview.missing.map((path) => el('a', { href: '#', onclick: (e) => { e.preventDefault(); revealMissing(path); } }, labelOf(path)));
      const list = [];
      links.forEach((a, i) => { if (i) list.push('、'); list.push(a); });
      showPreviewNote('wait', `要生成“${preview.label}”，还需要填写：`, ...list, '。');
      return;
    }
    pane.classList.remove('stale');
    lastPreview = preview;
    const notes = (preview.warnings || []).map((w) => el('li', { text: w }));
    showPreviewNote('ok', el('span', { class: 'doc-title', text: preview.title }),
      notes.length ? el('ul', { class: 'warnings' }, ...notes) : null);
    if (mode() === 'pages') {            // LibreOffice takes seconds: wait until typing pauses
      clearTimeout(pagesTimer);
      pagesTimer = setTimeout(loadPages, 1200);
      return;
    }
    const scaler = pane.querySelector('.scaler');
    scaler.innerHTML = preview.html;   // built by the server from the .docx; every text is escaped there
    fitPreview();
  }

  function resetPreview() {
    lastPreview = null;
    $('preview').querySelector('.scaler').replaceChildren();
  }

  function revealMissing(path) {
    // A missing field may sit in a folded, empty section: open the way to it.
    const parts = splitPath(path);
    for (let i = 1; i <= parts.length; i += 1) {
      const node = fieldFor(pathText(parts.slice(0, i)));
      if (node && node.tagName === 'DETAILS') node.open = true;
    }
    reveal(path);
  }

  async function loadPages() {
    const seq = ++pagesSeq;
    const pane = $('preview');
    pane.classList.add('stale');
    showPreviewNote('wait', '正在用 LibreOffice 生成页面图像（几秒钟）…');
    try {
      const response = await post(`/api/pages?kind=${encodeURIComponent(kind())}`, { values, name: fileName });
      const result = await response.json();
      if (seq !== pagesSeq) return;
      if (!response.ok) throw new Error(result.error || response.statusText);
      const scaler = pane.querySelector('.scaler');
      scaler.style.zoom = '';
      scaler.replaceChildren(...result.pages.map((png, i) => el('img', { class: 'page-image', alt: `第 ${i + 1} 页`, src: `data:image/png;base64,${png}` })));
      pane.classList.remove('stale');
      showPreviewNote('ok', el('span', { class: 'doc-title', text: lastPreview ? lastPreview.title : '' }), `（共 ${result.pages.length} 页）`);
    } catch (error) {
      if (seq === pagesSeq) showPreviewNote('error', `页面图像生成失败：${error.message}`);
    }
  }

  function fitPreview() {
    const pane = $('preview');
    const scaler = pane.querySelector('.scaler');
    const sheet = scaler.querySelector('.sheet');
    if (!sheet) return;
    scaler.style.zoom = '';
    const zoom = Math.min(1, (pane.clientWidth - 32) / sheet.offsetWidth);
    scaler.style.zoom = String(zoom);
  }

  function filenameFrom(disposition, fallback) {
    const match = /filename\*=UTF-8''([^;]+)/i.exec(disposition || '');
    return match ? decodeURIComponent(match[1]) : fallback;
  }

  async function download(url, fallbackName, button) {
    button.disabled = true;
    const label = button.textContent;
    button.textContent = '正在生成…';
    try {
      const response = await post(url, { values, name: fileName });
      if (!response.ok) {
        const result = await response.json().catch(() => ({}));
        if (result.problems) {
          problems = result.problems;
          revealAll = true;
          applyProblems();
          showNotice('error', `还不能下载：${result.error}。请按左侧标红处修改。`);
          if (problems.length) reveal(problems[0].field || problems[0].path);
        } else if (result.missing) {
          showNotice('error', `${result.error}`);
          showPreview(result.missing ? { missing: result.missing.missing, label: result.missing.label } : null);
        } else {
          showNotice('error', result.error || `下载失败（${response.status}）`);
        }
        return false;
      }
      const blob = await response.blob();
      const a = el('a', { href: URL.createObjectURL(blob), download: filenameFrom(response.headers.get('Content-Disposition'), fallbackName) });
      document.body.append(a);
      a.click();
      setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
      return true;
    } catch (error) {
      showNotice('error', `下载失败：${error.message}`);
      return false;
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }

  function showNotice(tone, ...content) {
    const notice = $('notice');
    notice.className = `notice ${tone}`;
    const close = el('button', { type: 'button', class: 'link close', text: '关闭', onclick: () => { notice.hidden = true; } });
    notice.replaceChildren(el('div', { class: 'notice-body' }, ...content.filter((c) => c != null)), close);
    notice.hidden = false;
  }

  // ---------------------------------------------------------------- open, save, new, draft
  async function openFile(file) {
    if (file.size > config.max_body_bytes) {
      showNotice('error', `文件太大（${Math.round(file.size / 1024)} KB），上限 ${Math.round(config.max_body_bytes / 1024)} KB。`);
      return;
    }
    const response = await fetch(`/api/open?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file });
    const result = await response.json();
    if (!response.ok) { showNotice('error', result.error || '打开失败'); return; }
    if (!result.values) {
      showNotice('error', `无法打开 ${file.name}：`, el('ul', {}, ...result.problems.map((p) => el('li', { text: p.text }))));
      return;
    }
    values = result.values;
    fileName = result.name;
    resetPreview();
    touched.clear();
    revealAll = true;
    buildForm();
    if (result.problems.length) {
      showNotice('warn', `已打开 ${file.name}。文件中有 ${result.problems.length} 处问题（行号指原文件）：`,
        el('ul', {}, ...result.problems.map((p) => el('li', { text: p.text }))),
        '表单中没有的字段保存时会去掉；其余问题已在左侧标出。');
    } else {
      showNotice('ok', `已打开 ${file.name}。`);
    }
    saveDraft();
    check();
  }

  function saveDraft() {
    try { localStorage.setItem(DRAFT_KEY, JSON.stringify({ values, name: fileName })); } catch (e) { /* private mode */ }
  }

  function loadDraft() {
    try {
      const draft = JSON.parse(localStorage.getItem(DRAFT_KEY) || 'null');
      if (draft && draft.values && typeof draft.values === 'object' && !isBlank(draft.values)) {
        values = draft.values;
        fileName = draft.name || config.default_name;
        return true;
      }
    } catch (e) { /* unreadable draft: start empty */ }
    return false;
  }

  function newCampaign() {
    if (!isBlank(values) && !window.confirm('清空当前填写的全部内容？（未保存的内容会丢失）')) return;
    values = emptyValue(SPEC, true);
    fileName = config.default_name;
    resetPreview();
    touched.clear();
    revealAll = false;
    try { localStorage.removeItem(DRAFT_KEY); } catch (e) { /* ignore */ }
    buildForm();
    $('notice').hidden = true;
    check();
  }

  // ---------------------------------------------------------------- wiring
  function start() {
    for (const k of config.kinds) $('kind').append(el('option', { value: k.name, text: k.label }));
    if (config.capabilities.pdf) $('download-pdf').hidden = false;
    if (config.capabilities.pages) $('mode-switch').hidden = false;
    const restored = loadDraft();
    buildForm();
    if (restored) {
      showNotice('ok', '已恢复上次在本浏览器中的填写内容。', el('button', { type: 'button', class: 'link', text: '清空重填', onclick: newCampaign }));
    }

    formEl.addEventListener('submit', (e) => e.preventDefault());
    // Leaving a field lets the server's tidied value in (applyTidied skips the focused field).
    formEl.addEventListener('focusout', () => setTimeout(applyTidied, 0));
    formEl.addEventListener('compositionstart', () => { composing = true; });
    formEl.addEventListener('compositionend', (e) => {
      composing = false;
      if (e.target.dataset && e.target.dataset.path && readInput(e.target)) changed();
    });
    for (const type of ['input', 'change']) {
      formEl.addEventListener(type, (e) => {
        if (e.isComposing || composing || !e.target.dataset.path) return;
        if (readInput(e.target)) changed();
      });
    }

    $('kind').addEventListener('change', check);
    for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener('change', check);
    $('new-button').addEventListener('click', newCampaign);
    $('open-button').addEventListener('click', () => $('open-file').click());
    $('open-file').addEventListener('change', (e) => {
      const file = e.target.files[0];
      e.target.value = '';
      if (file) openFile(file);
    });
    $('save-button').addEventListener('click', async (e) => {
      const ok = await download('/api/yaml', fileName, e.currentTarget);
      if (ok) {
        showNotice(problems.length ? 'warn' : 'ok', problems.length
          ? `已保存。文件还有 ${problems.length} 处需要填写或修改，下次打开可以接着填。`
          : '已保存。这个 YAML 文件可以用 docgen render 生成同样的文档。');
      }
    });
    $('download-docx').addEventListener('click', (e) => download(`/api/docx?kind=${encodeURIComponent(kind())}`, 'document.docx', e.currentTarget));
    $('download-pdf').addEventListener('click', (e) => download(`/api/pdf?kind=${encodeURIComponent(kind())}`, 'document.pdf', e.currentTarget));
    $('download-zip').addEventListener('click', (e) => download('/api/zip', 'documents.zip', e.currentTarget));
    window.addEventListener('pagehide', saveDraft);     // a reload or a closed tab keeps what was typed
    window.addEventListener('resize', () => { if (mode() === 'html') fitPreview(); });
    document.body.classList.add('ready');
    check();
  }

  start();
})();
