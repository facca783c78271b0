// Issue 17: a draft score sheet never loses typed work. While the expert types, the form is posted every few
// seconds (data-autosave-seconds) to its autosave URL, which saves it exactly as the draft button does and answers
// JSON; on leaving the page it is posted once more (fetch keepalive), and the browser warns before leaving with
// unsaved changes. A save refused as stale (another tab, the office reopening the sheet) keeps what was typed in
// the fields and shows the newer saved version under each item that differs (HTML from the server), so the expert
// chooses; autosaving waits until every item is chosen (or the draft is saved). Without script the buttons post
// as before.
(function () {
  const form = document.getElementById('sheet-form');
  if (!form || !form.dataset.autosaveUrl) return;
  const status = document.getElementById('autosave-status');
  const staleNote = document.getElementById('stale-note');
  const messages = form.dataset;
  let edits = 0, savedEdits = 0, inFlight = false, paused = false, leaving = false, queued = null;

  function show(text, failed) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('text-danger', !!failed);
    status.classList.toggle('text-success', !failed && !paused);
  }
  function dirty() { return edits !== savedEdits; }

  function data() {
    const body = new FormData(form);
    body.delete('save_draft'); body.delete('submit_sheet');
    return body;
  }

  function showSavedVersions(answer) {
    paused = true;
    form.elements.version.value = answer.version;
    if (staleNote) { staleNote.textContent = answer.message; staleNote.hidden = false; }
    form.querySelectorAll('.saved-slot').forEach(function (slot) { slot.innerHTML = ''; });
    Object.keys(answer.items || {}).forEach(function (code) {
      const row = form.querySelector('[data-item="' + CSS.escape(code) + '"]');
      const slot = row && row.querySelector('.saved-slot');
      if (slot) slot.innerHTML = answer.items[code];
    });
    form.querySelectorAll('.saved-choice').forEach(function (choice) { choice.hidden = false; });
    show(messages.msgChoose, true);
  }

  function save(keepalive) {
    if (inFlight || paused || !dirty()) return;
    inFlight = true;
    const upTo = edits;
    show(messages.msgSaving, false);
    fetch(messages.autosaveUrl, {method: 'POST', body: data(), credentials: 'same-origin', keepalive: !!keepalive,
                                 headers: {'Accept': 'application/json'}})
      .then(function (response) {
        return response.json().then(function (answer) { return {ok: response.ok, answer: answer}; });
      })
      .then(function (result) {
        const answer = result.answer;
        if (result.ok && answer.saved) {
          savedEdits = upTo;
          form.elements.version.value = answer.version;
          show(dirty() ? messages.msgUnsaved : answer.message, false);
        } else if (answer.stale && !Object.keys(answer.items || {}).length) {
          savedEdits = upTo;  // the newer version says what the fields say: nothing to choose
          form.elements.version.value = answer.version;
          show('', false);
        } else if (answer.stale) {
          showSavedVersions(answer);
        } else {
          if (answer.locked) paused = true;
          show(answer.message || messages.msgFailed, true);
        }
      })
      .catch(function () { show(messages.msgFailed, true); })
      .finally(function () {
        inFlight = false;
        if (queued) {
          const button = queued.button;
          queued = null;
          if (button) form.requestSubmit(button); else form.requestSubmit();
        }
      });
  }

  function edited() {
    edits += 1;
    if (!inFlight && !paused) show(messages.msgUnsaved, false);
  }
  form.addEventListener('input', edited);
  form.addEventListener('change', edited);

  // The expert's choice after a stale save: the saved version into the fields, or theirs kept.
  form.addEventListener('click', function (event) {
    const box = event.target.closest('.saved-version');
    if (!box) return;
    if (event.target.matches('.use-saved')) {
      const code = box.dataset.item;
      if (code === 'comment') {
        form.elements.comment.value = box.dataset.comment;
      } else {
        const select = form.elements['pct-' + code];
        select.value = box.dataset.pct;
        select.dispatchEvent(new Event('change', {bubbles: true}));  // the live total and the band text follow
        form.elements['str-' + code].value = box.dataset.str;
        form.elements['opp-' + code].value = box.dataset.opp;
      }
      edited();
    }
    if (event.target.matches('.use-saved, .keep-mine')) {
      box.remove();
      if (!form.querySelector('.saved-version')) {  // every item chosen: saving by itself goes on
        paused = false;
        if (staleNote) staleNote.hidden = true;
        edited();
      }
    }
  });

  // A button's own post leaves the page: no warning then, unless the submission's confirmation was declined. A
  // button pressed while a save is on its way waits for it (and its new version), or the post would be stale.
  form.addEventListener('submit', function (event) {
    if (inFlight) {
      event.preventDefault();
      event.stopPropagation();  // the confirmation (confirm.js) asks when the post really goes
      queued = {button: event.submitter};
      return;
    }
    leaving = true;
    window.setTimeout(function () { if (event.defaultPrevented) leaving = false; }, 0);
  });
  window.setInterval(function () { save(false); }, Number(messages.autosaveSeconds || 30) * 1000);
  // A phone switching to another app may never unload the page: save when it is hidden.
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && !leaving) save(true);
  });
  window.addEventListener('beforeunload', function (event) {
    if (leaving || !dirty()) return;
    save(true);
    event.preventDefault();
    event.returnValue = '';
  });
})();
