// The checklist on a bad connection, as progressive enhancement: the form works without this
// file (every button posts and saves). With it, what the auditor types is kept in this browser
// (localStorage, one entry per audit and item, with the server's revision it was based on) until
// the server has it, saved automatically through the page's autosave route, and synced again
// when the connection returns. Every text comes from the page (data- attributes of #save-state).
(() => {
  const form = document.querySelector('form[data-checklist]');
  const status = document.getElementById('save-state');
  if (!form || !status) return;
  const texts = status.dataset;
  const auditId = form.dataset.audit;
  const endpoint = form.dataset.autosave;
  const csrf = form.querySelector('input[name="_csrf"]')?.value ?? '';
  const DEBOUNCE_MS = 1200;
  const RETRY_MS = [2000, 5000, 10000, 30000];

  // localStorage can be unavailable (private mode, quota): the page then keeps drafts in memory.
  const memory = new Map();
  const store = {
    get(key) {
      try {
        const raw = window.localStorage.getItem(key);
        return raw === null ? null : JSON.parse(raw);
      } catch {
        return memory.get(key) ?? null;
      }
    },
    set(key, value) {
      memory.set(key, value);
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
      } catch {
        // kept in memory for this page
      }
    },
    remove(key) {
      memory.delete(key);
      try {
        window.localStorage.removeItem(key);
      } catch {
        // nothing stored there
      }
    },
  };

  const fieldsets = [...form.querySelectorAll('fieldset.checklist-item')];
  const itemIds = fieldsets.map((f) => f.id.replace(/^item-/, ''));
  const keyOf = (item) => `keurmerk.checklist.${auditId}.${item}`;
  const fieldset = (item) => document.getElementById(`item-${item}`);
  const named = (name) => form.elements.namedItem(name);
  const revisionInput = (item) => named(`rev_${item}`);

  function read(item) {
    const checked = form.querySelector(`input[name="result_${item}"]:checked`);
    const value = named(`value_${item}`);
    const sample = named(`sample_${item}`);
    const note = named(`note_${item}`);
    const na = named(`na_${item}`);
    return {
      result: checked ? checked.value : '',
      value: value ? value.value : '',
      sample: sample ? sample.value : '',
      note: note ? note.value : '',
      na: na ? na.checked : false,
    };
  }

  function write(item, fields) {
    for (const radio of form.querySelectorAll(`input[name="result_${item}"]`)) {
      radio.checked = radio.value === fields.result;
    }
    for (const name of ['value', 'sample', 'note']) {
      const input = named(`${name}_${item}`);
      if (input) input.value = fields[name] ?? '';
    }
    const na = named(`na_${item}`);
    if (na) na.checked = Boolean(fields.na);
  }

  // Per item: how often it was edited, so an answer that arrives for an older edit keeps the newer one.
  const edits = new Map();
  const conflicts = new Set();
  let flight = null;
  let timer = null;
  let retry = 0;
  let lastFailure = null;
  let leaving = false;

  const pending = () => itemIds.filter((item) => store.get(keyOf(item)) !== null);

  function show(kind) {
    const count = pending().length;
    const many = (one, more) => (count === 1 ? one : more).replace('{count}', String(count));
    let shown = kind;
    if (kind === 'saving') shown = 'saving';
    else if (conflicts.size > 0) shown = 'conflict';
    else if (count === 0) shown = 'saved';
    else if (kind === 'offline' || !navigator.onLine) shown = 'offline';
    else if (kind !== 'failed' && kind !== 'restored') shown = 'pending';
    const message = {
      saving: texts.saving,
      conflict: texts.conflict,
      saved: texts.saved,
      offline: many(texts.offlineOne, texts.offlineMany),
      failed: texts.failed,
      restored: texts.restored,
      pending: many(texts.pendingOne, texts.pendingMany),
    }[shown];
    status.hidden = false;
    status.dataset.state = shown;
    if (status.textContent !== message) status.textContent = message;
  }

  function remember(item) {
    const key = keyOf(item);
    const previous = store.get(key);
    const base = previous ? previous.base : revisionInput(item)?.value;
    store.set(key, { fields: read(item), base, at: new Date().toISOString() });
    edits.set(item, (edits.get(item) ?? 0) + 1);
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(sync, delay);
  }

  function showProblems(item, problems) {
    const box = fieldset(item);
    if (!box) return;
    let list = document.getElementById(`problems-${item}`);
    if (problems.length === 0) {
      if (list) list.remove();
      box.classList.remove('has-error');
      box.removeAttribute('aria-describedby');
      return;
    }
    if (!list) {
      list = document.createElement('ul');
      list.className = 'item-problems';
      list.id = `problems-${item}`;
      const after = box.querySelector('details.guidance') ?? box.querySelector('legend');
      after.after(list);
    }
    list.replaceChildren(
      ...problems.map((text) => {
        const li = document.createElement('li');
        li.textContent = text;
        return li;
      }),
    );
    box.classList.add('has-error');
    box.setAttribute('aria-describedby', list.id);
  }

  function showConflict(item, current) {
    const box = fieldset(item);
    if (!box || box.querySelector('.item-conflict')) return;
    conflicts.add(item);
    const note = document.createElement('div');
    note.className = 'item-conflict alert alert-warning';
    note.setAttribute('role', 'alert');
    const p = document.createElement('p');
    p.textContent = texts.itemConflict;
    const mine = document.createElement('button');
    mine.type = 'button';
    mine.className = 'button';
    mine.textContent = texts.keepMine;
    mine.addEventListener('click', () => {
      const entry = store.get(keyOf(item));
      if (entry) store.set(keyOf(item), { ...entry, base: current });
      conflicts.delete(item);
      note.remove();
      schedule(0);
    });
    const theirs = document.createElement('button');
    theirs.type = 'button';
    theirs.className = 'button button-secondary';
    theirs.textContent = texts.takeTheirs;
    theirs.addEventListener('click', () => {
      store.remove(keyOf(item));
      conflicts.delete(item);
      leaving = pending().length === 0;
      window.location.reload();
    });
    note.append(p, mine, theirs);
    box.querySelector('legend').after(note);
  }

  /** One request with the given items: 'done', 'conflict' (409) or 'failed' (offline, refused). */
  async function send(items) {
    const sent = new Map(items.map((item) => [item, edits.get(item) ?? 0]));
    const body = {
      items: items.map((item) => {
        const entry = store.get(keyOf(item));
        return { item, ...entry.fields, ...(entry.base ? { base: entry.base } : {}) };
      }),
    };
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(body),
      });
      if (res.status === 409) {
        const answer = await res.json();
        for (const issue of answer.issues ?? []) showConflict(issue.item, issue.params?.current);
        return 'conflict';
      }
      if (!res.ok) {
        lastFailure = res.status;
        return 'failed';
      }
      const answer = await res.json();
      for (const saved of answer.items) {
        // 'kept': the server holds another change this page never saw; the form keeps its old
        // base, so posting the form cannot overwrite that change either.
        const input = revisionInput(saved.item);
        if (input && saved.state !== 'kept') input.value = saved.revision;
        const entry = store.get(keyOf(saved.item));
        // Typed again while this was on its way: keep the newer input, now based on this revision.
        if (entry && (edits.get(saved.item) ?? 0) !== sent.get(saved.item)) {
          store.set(keyOf(saved.item), { ...entry, base: saved.revision });
        } else store.remove(keyOf(saved.item));
        showProblems(saved.item, saved.problems);
      }
      retry = 0;
      return 'done';
    } catch {
      lastFailure = 'network';
      return 'failed';
    }
  }

  /** Sends every item not yet on the server; true when nothing is left to send. */
  async function sync() {
    clearTimeout(timer);
    // One request at a time: a save asked for meanwhile waits for it, then sends what is left.
    if (flight) {
      await flight;
      return sync();
    }
    const items = pending().filter((item) => !conflicts.has(item));
    if (items.length === 0) {
      show('saved');
      return conflicts.size === 0;
    }
    show('saving');
    flight = send(items);
    const outcome = await flight;
    flight = null;
    if (outcome === 'failed') {
      show(lastFailure === 'network' ? 'offline' : 'failed');
      schedule(RETRY_MS[Math.min(retry, RETRY_MS.length - 1)]);
      retry += 1;
      return false;
    }
    // After a conflict the other items still go; after a save, what was typed meanwhile.
    return sync();
  }

  // What this browser still holds from an earlier visit goes back into the form and to the server.
  const restored = itemIds.filter((item) => {
    const entry = store.get(keyOf(item));
    if (!entry) return false;
    write(item, entry.fields);
    return true;
  });
  if (restored.length > 0) {
    show('restored');
    schedule(0);
  } else show('saved');

  const onEdit = (event) => {
    // An item's evidence upload sits inside it but belongs to its own form: not an answer.
    if (event.target.form !== form) return;
    const box = event.target.closest('fieldset.checklist-item');
    if (!box) return;
    remember(box.id.replace(/^item-/, ''));
    show(navigator.onLine ? 'pending' : 'offline');
    schedule(event.type === 'change' ? 300 : DEBOUNCE_MS);
  };
  form.addEventListener('input', onEdit);
  form.addEventListener('change', onEdit);

  window.addEventListener('online', () => {
    retry = 0;
    schedule(0);
  });
  window.addEventListener('offline', () => show('offline'));

  // Every button of the form saves through the autosave route first: offline, the page stays
  // (instead of the browser's "no internet" page) and the answers stay in this browser.
  let submitting = false;
  form.addEventListener('submit', async (event) => {
    // Nothing waiting for the server: the form posts as it would without this script.
    if (submitting || (pending().length === 0 && !flight && conflicts.size === 0)) {
      leaving = true;
      return;
    }
    event.preventDefault();
    const submitter = event.submitter;
    const saved = await sync();
    if (saved) {
      submitting = true;
      leaving = true;
      // Outside this submit event: a form ignores requestSubmit while its submit event is firing.
      setTimeout(() => (submitter ? form.requestSubmit(submitter) : form.requestSubmit()), 0);
      return;
    }
    const target = submitter?.dataset.href;
    if (target && window.confirm(texts.leaveUnsaved)) {
      leaving = true;
      window.location.href = target;
    }
  });

  window.addEventListener('beforeunload', (event) => {
    if (leaving || (pending().length === 0 && !flight)) return;
    event.preventDefault();
    event.returnValue = '';
  });

  // After a save with problems the summary at the top has the focus (autofocus), so a screen
  // reader and the eye start from the list of what needs work.
  const summary = document.getElementById('error-summary');
  if (summary?.hasAttribute('autofocus')) summary.focus();
})();
