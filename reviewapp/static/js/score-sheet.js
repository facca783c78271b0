// The total shown while choosing; the server recomputes it on every save and its figure is the one that counts.
(function () {
  const form = document.getElementById('sheet-form');
  if (!form) return;
  function recompute() {
    let total = 0; const categories = {};
    form.querySelectorAll('.sheet-item').forEach(function (row) {
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
    if (event.target.matches('.sheet-item select')) showBand(event.target);
    recompute();
  });
  // A choice made before this deferred script ran (a fast hand, the browser restoring a form) counts too.
  recompute();
})();
