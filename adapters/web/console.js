// The FAQ console: a thin page over the admin API (/admin/api/...). The
// admin's token lives in sessionStorage only and goes out as a bearer token.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = 'faqbot-admin-token';
  const VIEWS = ['signin', 'entries', 'edit', 'unanswered', 'stats'];
  let entries = [];       // the list rows from GET /entries
  let current = null;     // {id, version, isNew} of the entry in the editor
  let revisions = [];     // the open entry's history, oldest first
  let previewTimer = 0;
  let previewSeq = 0;

  // el builds an element; text sets its text, other attrs are attributes.
  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v);
    }
    e.append(...children);
    return e;
  }

  function button(label, onClick, attrs = {}) {
    const b = el('button', {type: 'button', text: label, ...attrs});
    b.addEventListener('click', onClick);
    return b;
  }

  // say updates a live region only when its text changes, so screen
  // readers are not told the same thing on every keystroke.
  function say(id, text, cls) {
    const node = $(id);
    if (node.textContent !== text) node.textContent = text;
    if (cls !== undefined) node.className = cls;
  }

  const token = () => sessionStorage.getItem(TOKEN_KEY) || '';

  async function api(method, path, body, headers = {}, bearer = token()) {
    const opts = {method, headers: {'Authorization': 'Bearer ' + bearer, ...headers}};
    if (body !== undefined) {
      opts.body = JSON.stringify(body);
      opts.headers['Content-Type'] = 'application/json';
    }
    let res;
    try {
      res = await fetch('/admin/api' + path, opts);
    } catch (e) {
      return {status: 0, ok: false, data: {error: 'The server could not be reached. Check the connection and try again.'}};
    }
    let data = {};
    try { data = await res.json(); } catch (e) { /* an empty or non-JSON body */ }
    if (res.status === 401 && bearer === token() && bearer !== '') {
      signOut('Your token is no longer accepted. Please sign in again.');
    }
    return {status: res.status, ok: res.ok, data};
  }

  function show(view) {
    for (const v of VIEWS) $(v + '-view').hidden = v !== view;
    for (const b of document.querySelectorAll('nav .tab')) {
      if (b.dataset.view === view) b.setAttribute('aria-current', 'page');
      else b.removeAttribute('aria-current');
    }
    $(view + '-h').focus();
  }

  // Signing in and out.

  async function signIn(ev) {
    ev.preventDefault();
    const t = $('token').value.trim();
    if (!t) { say('signin-error', 'Enter your admin token.'); return; }
    say('signin-error', '');
    const r = await api('GET', '/entries', undefined, {}, t);
    if (r.status === 401) {
      $('token').setAttribute('aria-invalid', 'true');
      say('signin-error', 'That admin token was not accepted. Check it and try again.');
      $('token').focus();
      return;
    }
    if (!r.ok) { say('signin-error', r.data.error || 'Signing in failed (HTTP ' + r.status + '). Try again.'); return; }
    $('token').removeAttribute('aria-invalid');
    $('token').value = '';
    sessionStorage.setItem(TOKEN_KEY, t);
    entries = r.data.entries || [];
    $('nav').hidden = false;
    say('status', 'Signed in.');
    renderEntries();
    show('entries');
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    entries = []; current = null; revisions = [];
    $('entry-rows').textContent = '';
    $('nav').hidden = true;
    say('status', typeof message === 'string' ? message : 'Signed out.');
    show('signin');
  }

  // Entries.

  async function loadEntries() {
    const r = await api('GET', '/entries');
    if (r.ok) { entries = r.data.entries || []; renderEntries(); }
    return r;
  }

  function ratio(x) { return x === null || x === undefined ? '—' : Math.round(x * 100) + '%'; }

  function renderEntries() {
    const q = $('search').value.trim().toLowerCase();
    const rows = $('entry-rows');
    rows.textContent = '';
    let shown = 0;
    for (const e of entries) {
      if (q && !(e.id + ' ' + e.title).toLowerCase().includes(q)) continue;
      shown++;
      const edit = button('Edit', () => openEntry(e.id), {'aria-label': 'Edit ' + e.title, 'data-id': e.id});
      rows.append(el('tr', {'data-id': e.id},
        el('td', {}, el('code', {text: e.id})), el('td', {text: e.title}), el('td', {text: String(e.version)}),
        el('td', {text: e.enabled ? 'Yes' : 'No (offline)'}), el('td', {text: ratio(e.helpful_ratio)}), el('td', {}, edit)));
    }
    say('search-count', shown === entries.length ? entries.length + ' entries' : shown + ' of ' + entries.length + ' entries match');
  }

  // The editor.

  const lines = (s) => s.split('\n').map((x) => x.trim()).filter((x) => x !== '');
  const csv = (s) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');

  // A source line is "title | url"; the url is whatever starts at the last
  // http(s)://, so titles may hold any character.
  function parseSource(line) {
    const i = Math.max(line.lastIndexOf('http://'), line.lastIndexOf('https://'));
    if (i < 0) return {title: line, url: ''};
    return {title: line.slice(0, i).replace(/[\s|]+$/, ''), url: line.slice(i).trim()};
  }

  function formEntry() {
    return {
      id: $('f-id').value.trim(),
      title: $('f-title').value,
      body: $('f-body').value,
      questions: lines($('f-questions').value),
      sources: lines($('f-sources').value).map(parseSource),
      tags: csv($('f-tags').value),
      related: csv($('f-related').value),
      reviewed: $('f-reviewed').value,
      review_after: $('f-review-after').value,
      enabled: $('f-enabled').checked,
    };
  }

  function fillForm(e) {
    $('f-id').value = e.id || '';
    $('f-title').value = e.title || '';
    $('f-body').value = e.body || '';
    $('f-questions').value = (e.questions || []).join('\n');
    $('f-sources').value = (e.sources || []).map((s) => s.title + ' | ' + s.url).join('\n');
    $('f-tags').value = (e.tags || []).join(', ');
    $('f-related').value = (e.related || []).join(', ');
    $('f-reviewed').value = e.reviewed || '';
    $('f-review-after').value = e.review_after || '';
    $('f-enabled').checked = e.enabled !== false;
  }

  function setEditing(c) {
    current = c;
    $('f-id').readOnly = !c.isNew;
    $('edit-h').textContent = c.isNew ? 'New entry' : 'Edit entry ' + c.id;
    $('edit-version').textContent = c.isNew ? 'Not saved yet.' : 'Version ' + c.version + '.';
    $('history').hidden = c.isNew;
  }

  function resetEditor() {
    say('save-status', '');
    $('save-error').hidden = true;
    $('history-table').hidden = true;
    $('diff').hidden = true;
    $('load-history').textContent = 'Show history';
    revisions = [];
  }

  async function openEntry(id, extraQuestion) {
    const r = await api('GET', '/entries/' + encodeURIComponent(id));
    if (!r.ok) { say('status', r.data.error || 'Could not open ' + id + '.'); return; }
    resetEditor();
    fillForm(r.data);
    setEditing({id, version: r.data.version, isNew: false});
    show('edit');
    if (extraQuestion) {
      $('f-questions').value += ($('f-questions').value ? '\n' : '') + extraQuestion;
      say('save-status', 'The question was added to the form. Review it and save.');
    }
    preview();
  }

  function newEntry(firstQuestion) {
    resetEditor();
    const d = new Date();
    const today = d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
    fillForm({reviewed: today, questions: firstQuestion ? [firstQuestion] : [], enabled: true});
    setEditing({id: '', version: 0, isNew: true});
    show('edit');
    preview();
  }

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, 250);
  }

  // preview asks the server to lint the form and compose the answer;
  // answers that arrive after a newer request are dropped.
  async function preview() {
    const seq = ++previewSeq;
    const r = await api('POST', '/preview', formEntry());
    if (seq !== previewSeq || !current) return;
    if (!r.ok) { say('lint-summary', r.data.error || 'The preview is unavailable.', 'error'); return; }
    const lint = r.data.lint || [];
    const errors = lint.filter((p) => !p.warning).length;
    const warnings = lint.length - errors;
    let summary = errors === 0 ? 'No problems: this entry can be saved.' : errors + (errors === 1 ? ' problem' : ' problems') + ' to fix before saving.';
    if (warnings > 0) summary += ' ' + warnings + (warnings === 1 ? ' warning.' : ' warnings.');
    say('lint-summary', summary, errors === 0 ? 'ok' : 'error');
    const list = $('lint-list');
    list.textContent = '';
    for (const p of lint) {
      list.append(el('li', {class: p.warning ? 'lint-warning' : 'lint-error', text: (p.warning ? 'Warning: ' : '') + p.message}));
    }
    renderAnswer(r.data.answer || {}, r.data.exact);
  }

  // renderAnswer shows the reply as a chat shows it: **bold** as bold,
  // everything else as plain text.
  function renderAnswer(a, exact) {
    const box = $('preview-answer');
    box.textContent = '';
    (a.text || '').split(/\*\*(.+?)\*\*/s).forEach((part, i) => box.append(i % 2 ? el('strong', {text: part}) : part));
    const src = $('preview-sources');
    src.textContent = '';
    for (const s of a.sources || []) {
      const link = /^https?:\/\//.test(s.url) ? el('a', {href: s.url, rel: 'noopener noreferrer', target: '_blank', text: s.title || s.url}) : s.title;
      src.append(el('li', {}, link));
    }
    const related = (a.suggestions || []).map((s) => s.title).join(' · ');
    $('preview-note').textContent = (related ? 'Suggested next: ' + related + '. ' : '') +
      (exact ? '' : 'Plain rendering: placeholders such as {{clinic.phone}} are filled from the clinic profile when the bot sends it.');
  }

  function saveError(text, items, canReload) {
    $('save-error-text').textContent = text;
    const list = $('save-error-list');
    list.textContent = '';
    for (const m of items || []) list.append(el('li', {text: m}));
    $('reload-theirs').hidden = !canReload;
    $('save-error').hidden = false;
  }

  async function save(ev) {
    ev.preventDefault();
    const e = formEntry();
    $('save-error').hidden = true;
    if (!e.id) { saveError('Give the entry an ID before saving.'); $('f-id').focus(); return; }
    say('save-status', 'Saving…');
    const headers = current.isNew ? {} : {'If-Match': String(current.version)};
    const r = await api('PUT', '/entries/' + encodeURIComponent(e.id), e, headers);
    if (r.ok) {
      setEditing({id: e.id, version: r.data.version, isNew: false});
      say('save-status', 'Saved as version ' + r.data.version + '. ' + (e.enabled ? 'The bot answers with it now.' : 'The entry is offline.'));
      loadEntries();
      if (!$('history-table').hidden) loadHistory();
      return;
    }
    say('save-status', 'Not saved.');
    if (r.status === 409 && current.isNew) {
      saveError('An entry with the ID ' + e.id + ' already exists. Choose another ID, or open that entry from the list.');
    } else if (r.status === 409) {
      saveError('Someone else changed this entry; reload to see their version. Your text is still in the form: copy what you need before reloading.', [], true);
    } else if (r.status === 422) {
      saveError('The entry was not saved. Fix these problems:', r.data.errors || [r.data.error]);
    } else if (r.status !== 401) {
      saveError(r.data.error || 'The entry could not be saved (HTTP ' + r.status + '). Nothing changed.');
    }
  }

  function reloadTheirs() {
    if (!current || current.isNew) return;
    if (!confirm('Load the newest version of ' + current.id + '? Your unsaved changes will be lost.')) return;
    openEntry(current.id);
  }

  // History and revert.

  function when(at) { return !at || at.startsWith('0001-') ? 'shipped' : new Date(at).toLocaleString(); }

  async function loadHistory() {
    const r = await api('GET', '/entries/' + encodeURIComponent(current.id) + '/history');
    if (!r.ok) { say('save-status', r.data.error || 'The history is unavailable.'); return; }
    revisions = r.data.revisions || [];
    const rows = $('history-rows');
    rows.textContent = '';
    for (let i = revisions.length - 1; i >= 0; i--) {
      const rv = revisions[i];
      const actions = el('td');
      if (i > 0) actions.append(button('Show changes', () => showDiff(i), {'aria-label': 'Show changes in version ' + rv.version}), ' ');
      if (rv.version !== current.version) actions.append(button('Revert to version ' + rv.version, () => revert(rv.version), {class: 'danger'}));
      rows.append(el('tr', {}, el('td', {text: String(rv.version)}), el('td', {text: rv.author}), el('td', {text: when(rv.at)}),
        el('td', {text: rv.action}), actions));
    }
    $('history-table').hidden = false;
    $('load-history').textContent = 'Refresh history';
  }

  function entryLines(e) {
    const out = ['Title: ' + e.title, 'Enabled: ' + (e.enabled === false ? 'no' : 'yes'), 'Tags: ' + (e.tags || []).join(', '),
      'Related: ' + (e.related || []).join(', '), 'Reviewed: ' + (e.reviewed || '') + (e.review_after ? ', review after ' + e.review_after : ''), 'Questions:'];
    for (const q of e.questions || []) out.push('  ' + q);
    out.push('Sources:');
    for (const s of e.sources || []) out.push('  ' + s.title + ' | ' + s.url);
    out.push('Answer:', ...(e.body || '').split('\n'));
    return out;
  }

  // diffLines is a longest-common-subsequence line diff; entries are short.
  function diffLines(a, b) {
    const n = a.length, m = b.length;
    const lcs = Array.from({length: n + 1}, () => new Array(m + 1).fill(0));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
    const out = [];
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) { out.push([' ', a[i]]); i++; j++; }
      else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { out.push(['+', b[j]]); j++; }
      else { out.push(['-', a[i]]); i++; }
    }
    return out;
  }

  function showDiff(i) {
    const prev = revisions[i - 1], rv = revisions[i];
    const body = $('diff-body');
    body.textContent = '';
    const ops = diffLines(entryLines(prev.entry), entryLines(rv.entry));
    // Unchanged lines more than two away from a change are summarised.
    const near = ops.map((_, i) => ops.slice(Math.max(0, i - 2), i + 3).some(([op]) => op !== ' '));
    let skipped = 0;
    const flush = () => { if (skipped) body.append('  … ' + skipped + (skipped === 1 ? ' unchanged line' : ' unchanged lines') + '\n'); skipped = 0; };
    ops.forEach(([op, text], i) => {
      if (!near[i]) { skipped++; return; }
      flush();
      if (op === '+') body.append(el('ins', {text: '+ ' + text}));
      else if (op === '-') body.append(el('del', {text: '− ' + text}));
      else body.append('  ' + text + '\n');
    });
    flush();
    if (!ops.some(([op]) => op !== ' ')) body.append('(no changes)\n');
    $('diff-h').textContent = 'Changes in version ' + rv.version + ' (' + rv.action + ' by ' + rv.author + '), compared with version ' + prev.version;
    $('diff').hidden = false;
    $('diff-h').focus();
  }

  async function revert(version) {
    if (!confirm('Revert ' + current.id + ' to version ' + version + '? This saves a new version with that content, and replaces any unsaved changes in the form.')) return;
    const r = await api('POST', '/entries/' + encodeURIComponent(current.id) + '/revert', {version});
    if (!r.ok) {
      if (r.status === 422) saveError('Version ' + version + ' fails today\'s checks, so it was not restored:', r.data.errors);
      else if (r.status !== 401) saveError(r.data.error || 'The revert failed (HTTP ' + r.status + ').', [], r.status === 409);
      return;
    }
    await openEntry(current.id);
    say('save-status', 'Reverted: version ' + r.data.version + ' has the content of version ' + version + '.');
    loadEntries();
    loadHistory();
  }

  // Unanswered questions.

  async function loadUnanswered() {
    show('unanswered');
    const r = await api('GET', '/unanswered');
    if (!r.ok) { say('status', r.data.error || 'Unanswered questions are unavailable.'); return; }
    const qs = r.data.questions || [];
    const rows = $('unanswered-rows');
    rows.textContent = '';
    qs.forEach((q, n) => {
      const nearest = entries.find((e) => e.id === q.nearest);
      const pick = el('select', {id: 'pick-' + n});
      for (const e of entries) {
        const opt = el('option', {value: e.id, text: e.title});
        if (e.id === q.nearest) opt.selected = true;
        pick.append(opt);
      }
      const actions = el('td', {},
        button('Create an entry from this', () => newEntry(q.text), {'aria-label': 'Create an entry from this: "' + q.text + '"'}),
        el('label', {for: 'pick-' + n, text: 'Or add as a question to'}), pick, ' ',
        button('Add as a question', () => openEntry(pick.value, q.text), {'aria-label': 'Add as a question: "' + q.text + '" to the chosen entry'}));
      rows.append(el('tr', {}, el('td', {text: q.text}), el('td', {text: String(q.count)}), el('td', {text: when(q.last)}),
        el('td', {text: nearest ? nearest.title : (q.nearest || '—')}), actions));
    });
    $('unanswered-table').hidden = qs.length === 0;
    $('unanswered-empty').hidden = qs.length > 0;
  }

  // Stats.

  async function loadStats() {
    show('stats');
    const r = await api('GET', '/stats');
    if (!r.ok) { say('status', r.data.error || 'Stats are unavailable.'); return; }
    const dl = $('stats-counts');
    dl.textContent = '';
    dl.append(el('dt', {text: 'Entries'}), el('dd', {text: String(r.data.entries)}),
      el('dt', {text: 'Enabled'}), el('dd', {text: String(r.data.enabled)}));
    const fb = Object.entries(r.data.feedback || {}).sort((x, y) => (y[1].helpful + y[1].not_helpful) - (x[1].helpful + x[1].not_helpful));
    const rows = $('feedback-rows');
    rows.textContent = '';
    for (const [id, c] of fb) {
      const title = (entries.find((e) => e.id === id) || {}).title || id;
      const total = c.helpful + c.not_helpful;
      rows.append(el('tr', {}, el('td', {text: title}), el('td', {text: String(c.helpful)}), el('td', {text: String(c.not_helpful)}),
        el('td', {text: total ? ratio(c.helpful / total) : '—'})));
    }
    $('feedback-table').hidden = fb.length === 0;
    $('feedback-empty').hidden = fb.length > 0;
  }

  // Wiring.

  $('signin-form').addEventListener('submit', signIn);
  $('signout').addEventListener('click', () => signOut());
  $('search').addEventListener('input', renderEntries);
  $('new-entry').addEventListener('click', () => newEntry(''));
  $('back').addEventListener('click', () => { show('entries'); loadEntries(); });
  $('edit-form').addEventListener('input', schedulePreview);
  $('edit-form').addEventListener('submit', save);
  // Enter in a one-line field must not save by accident; Save is a button.
  $('edit-form').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && ev.target.tagName === 'INPUT') ev.preventDefault();
  });
  $('reload-theirs').addEventListener('click', reloadTheirs);
  $('load-history').addEventListener('click', loadHistory);
  for (const b of document.querySelectorAll('nav .tab')) {
    b.addEventListener('click', () => {
      if (b.dataset.view === 'entries') { show('entries'); loadEntries(); }
      else if (b.dataset.view === 'unanswered') loadUnanswered();
      else loadStats();
    });
  }

  // A token kept from earlier in this tab signs in again on reload.
  if (token()) {
    loadEntries().then((r) => {
      if (!r.ok) return;
      $('nav').hidden = false;
      show('entries');
    });
  }
})();
