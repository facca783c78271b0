// The session's end, seen from the page (issue 13, item 2). The server ends a session after its idle limit
// (reviewapp/auth/sessions.py); this script warns a few minutes before, offers to stay logged in (a small POST),
// and keeps what is typed in forms marked data-keep-draft in this tab's sessionStorage, so that text typed for an
// hour is not lost when the session ends before it is saved: after logging in again in this tab, the page offers
// to put it back. sessionStorage, not localStorage: confidential review text must not outlive the tab on a shared
// office computer. Only one user's drafts are kept, and logging out forgets them.
(function () {
  const box = document.getElementById('session-expiry');
  const DRAFT = 'reviewapp-draft:';
  const DEADLINE = 'reviewapp-session-deadline';  // shared by this user's tabs: a keep-alive in one moves all
  const user = box ? box.dataset.user : null;

  // --- drafts ------------------------------------------------------------------------------------------------
  function storageKeys() {
    const keys = [];
    try {
      for (let i = 0; i < sessionStorage.length; i++) keys.push(sessionStorage.key(i));
    } catch (e) { /* storage disabled: nothing kept */ }
    return keys.filter(function (key) { return key && key.indexOf(DRAFT) === 0; });
  }
  function forgetDrafts(exceptUser) {
    storageKeys().forEach(function (key) {
      if (exceptUser === undefined || key.indexOf(DRAFT + exceptUser + ':') !== 0) sessionStorage.removeItem(key);
    });
  }
  function kept(field) {
    if (!field.name || field.disabled || field.name === 'csrf_token' || field.name === 'version') return false;
    return !/^(hidden|password|file|submit|button|reset|image)$/.test(field.type);
  }
  function normal(value) { return String(value).replace(/\r\n/g, '\n').trim(); }
  function valuesOf(form) {
    const values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field)) return;
      if (field.type === 'checkbox' || field.type === 'radio') {
        values[field.name + '=' + field.value] = field.checked ? '1' : '';
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }
  function differs(stored, current) {
    return Object.keys(stored).some(function (name) {
      return name in current && normal(stored[name]) !== normal(current[name]);
    });
  }
  function setValues(form, values) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field)) return;
      const checkable = field.type === 'checkbox' || field.type === 'radio';
      const name = checkable ? field.name + '=' + field.value : field.name;
      if (!(name in values)) return;
      if (checkable) field.checked = values[name] === '1'; else field.value = values[name];
      field.dispatchEvent(new Event('change', { bubbles: true }));  // live totals recompute
    });
  }
  function draftKey(form, index) {
    return DRAFT + user + ':' + location.pathname + ':' + (form.id || index);
  }
  let forgotten = false;  // logging out: nothing is kept any more, even by a save already scheduled
  function save(form, key) {
    if (forgotten) return;
    try {
      sessionStorage.setItem(key, JSON.stringify({ at: Date.now(), values: valuesOf(form) }));
    } catch (e) { /* full or disabled: the server's own save still works */ }
  }
  function moment(date) {  // written as the pages write moments: 2026-11-26 08:30
    const two = function (n) { return String(n).padStart(2, '0'); };
    return date.getFullYear() + '-' + two(date.getMonth() + 1) + '-' + two(date.getDate()) + ' ' +
      two(date.getHours()) + ':' + two(date.getMinutes());
  }
  function offerRestore(form, key, stored) {
    const template = document.getElementById('draft-restore-template');
    if (!template) return;
    const offer = template.content.firstElementChild.cloneNode(true);
    offer.querySelector('[data-draft-time]').textContent = moment(new Date(stored.at));
    offer.querySelector('[data-draft-restore]').addEventListener('click', function () {
      setValues(form, stored.values);
      offer.remove();
    });
    offer.querySelector('[data-draft-discard]').addEventListener('click', function () {
      sessionStorage.removeItem(key);
      offer.remove();
    });
    form.parentNode.insertBefore(offer, form);
  }
  const watched = [];
  if (user) {
    forgetDrafts(user);  // another user logged in in this tab: the earlier user's text is not theirs to see
    document.querySelectorAll('form[data-keep-draft]').forEach(function (form, index) {
      const key = draftKey(form, index);
      let stored = null;
      try { stored = JSON.parse(sessionStorage.getItem(key) || 'null'); } catch (e) { stored = null; }
      if (stored && stored.values && differs(stored.values, valuesOf(form))) {
        offerRestore(form, key, stored);
      } else if (stored) {
        sessionStorage.removeItem(key);  // the page shows what was typed: it was saved
      }
      let timer = null;
      const later = function () { clearTimeout(timer); timer = setTimeout(function () { save(form, key); }, 400); };
      form.addEventListener('input', later);
      form.addEventListener('change', later);
      form.addEventListener('submit', function () { save(form, key); });  // the answer may be the login page
      watched.push([form, key]);
    });
  }
  // logging out (or out everywhere) forgets the drafts: the next person at this computer must not find them
  document.addEventListener('submit', function (event) {
    if (event.target.matches('form[data-forget-drafts]') && !event.defaultPrevented) {
      forgotten = true;  // a page that warns before leaving (the sheet) stays a moment longer: keep nothing then
      forgetDrafts();
    }
  });

  // --- the clock -----------------------------------------------------------------------------------------------
  if (!box) return;
  const warnBefore = Number(box.dataset.warnBefore) * 1000;
  let deadline = Date.now() + Number(box.dataset.expiresIn) * 1000;
  let canExtend = box.dataset.canExtend === '1';
  let lastExtended = Date.now();
  let ended = false;
  function publish() {
    try { localStorage.setItem(DEADLINE, JSON.stringify({ user: user, deadline: deadline, canExtend: canExtend })); }
    catch (e) { /* other tabs will not know; each keeps its own clock */ }
  }
  window.addEventListener('storage', function (event) {
    if (event.key !== DEADLINE || !event.newValue || ended) return;
    const shared = JSON.parse(event.newValue);
    if (shared.user === user) { deadline = shared.deadline; canExtend = shared.canExtend; tick(); }
  });
  function show(state) {
    box.classList.toggle('d-none', state === null);
    box.querySelectorAll('[data-when]').forEach(function (part) {
      part.classList.toggle('d-none', part.dataset.when !== state);
    });
  }
  function countdown(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(seconds / 60) + ':' + String(seconds % 60).padStart(2, '0');
  }
  function tick() {
    const left = deadline - Date.now();
    if (left <= 0) {
      if (!ended) {
        ended = true;
        watched.forEach(function (pair) { save(pair[0], pair[1]); });
        show('ended');
      }
      return;
    }
    if (left > warnBefore) { show(null); return; }
    box.querySelectorAll('[data-countdown]').forEach(function (part) { part.textContent = countdown(left); });
    show(canExtend ? 'warning' : 'lifetime');
  }
  function extended(clock) {
    deadline = Date.now() + clock.expires_in * 1000;
    canExtend = clock.can_extend;
    lastExtended = Date.now();
    publish();
    tick();
  }
  function keepAlive() {
    return fetch(box.dataset.keepAliveUrl, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'X-CSRFToken': box.dataset.csrf, 'Accept': 'application/json' }
    }).then(function (response) {
      if (response.status === 401) { deadline = Date.now(); tick(); return; }
      if (response.ok) return response.json().then(extended);
    }).catch(function () { /* offline for a moment: the warning stays, the button can be pressed again */ });
  }
  box.querySelector('[data-keep-alive]').addEventListener('click', keepAlive);
  // Typing is being at work: while someone types, the session is extended quietly (at most every few minutes),
  // so the warning comes only to someone who went away.
  document.addEventListener('input', function () {
    if (!ended && canExtend && Date.now() - lastExtended > Math.min(warnBefore, 5 * 60 * 1000)) {
      lastExtended = Date.now();
      keepAlive();
    }
  });
  publish();
  tick();
  setInterval(tick, 1000);
})();
