// The totals shown while choosing, on the expert's sheet and on the leader's consolidation (a form with
// data-live-total; its rows carry data-points and data-category): item score = points x percentage / 100, as the
// standard's summarize() computes it. The server recomputes them on every save, and its figures are the ones that
// count (a browser test checks that the two agree).
(function () {
  const form = document.querySelector('form[data-live-total]');
  if (!form) return;
  function recompute() {
    let total = 0; const categories = {};
    form.querySelectorAll('[data-points]').forEach(function (row) {
      const value = row.querySelector('select').value;
      const score = value === '' ? 0 : Number(row.dataset.points) * Number(value) / 100;
      total += score; categories[row.dataset.category] = (categories[row.dataset.category] || 0) + score;
    });
    document.getElementById('live-total').textContent = total.toFixed(2);
    document.querySelectorAll('[data-category-total]').forEach(function (badge) {
      badge.textContent = (categories[badge.dataset.categoryTotal] || 0).toFixed(2);
    });
  }
  // The GB/Z 19579 band of the chosen percentage, under its menu: an option's title is not shown on touch screens
  // nor inside an open menu in most browsers.
  function showBand(select) {
    const band = select.closest('.sheet-item').querySelector('.band-text');
    const option = select.selectedOptions[0];
    if (band) band.textContent = option && option.value !== '' ? option.title : '';
  }
  form.addEventListener('change', function (event) {
    if (event.target.matches('.sheet-item select')) {
      showBand(event.target);
      if (event.target.value !== '') event.target.classList.remove('is-invalid');
    }
    if (event.target.matches('[data-points] select')) recompute();
  });
  // A choice made before this deferred script ran (a fast hand, the browser restoring a form) counts too.
  recompute();
  // A refused submission marks the items still blank: the first one is brought into view.
  const firstMissing = form.querySelector('select.is-invalid');
  if (firstMissing) {
    firstMissing.scrollIntoView({block: 'center'});
    firstMissing.focus({preventScroll: true});
  }
})();
