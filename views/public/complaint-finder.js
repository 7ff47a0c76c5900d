// Complaint form, progressive enhancement: without this file the search button lists the
// matching centres on a new page (a GET search). With it, the list follows the typing, from
// the same search as JSON. Built with DOM calls only: names never become markup.
(() => {
  const form = document.querySelector('[data-centre-finder]');
  if (!form) return;
  const input = form.querySelector('input[name="q"]');
  const results = form.querySelector('#finder-results');
  const endpoint = form.dataset.endpoint;
  const lang = form.dataset.lang;
  if (!input || !results || !endpoint) return;

  let timer = 0;
  let latest = 0;

  const chooseHref = (centre) => {
    const params = new URLSearchParams({ centre: centre.slug });
    if (centre.brands.length) params.set('brand', centre.brands[0]);
    if (lang && lang !== 'nl') params.set('lang', lang);
    return `/complaints/new?${params}`;
  };

  function show(centres) {
    results.replaceChildren();
    if (centres.length === 0) {
      const none = document.createElement('p');
      none.textContent = form.dataset.none;
      results.append(none);
      return;
    }
    const list = document.createElement('ul');
    list.className = 'finder-list';
    for (const centre of centres) {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = chooseHref(centre);
      const name = document.createElement('strong');
      name.textContent = centre.tradeName;
      const city = document.createElement('span');
      city.className = 'muted';
      city.textContent = ` (${centre.city})`;
      link.append(name, city);
      item.append(link);
      if (centre.brands.length) {
        const brands = document.createElement('span');
        brands.className = 'muted';
        brands.textContent = `${form.dataset.answersFor} ${centre.brands.join(', ')}`;
        item.append(document.createElement('br'), brands);
      }
      list.append(item);
    }
    results.append(list);
  }

  async function search() {
    const q = input.value.trim();
    const mine = ++latest;
    if (q.length < 2) {
      results.replaceChildren();
      return;
    }
    try {
      const answer = await fetch(`${endpoint}?q=${encodeURIComponent(q)}`, { headers: { accept: 'application/json' } });
      if (!answer.ok) return;
      const body = await answer.json();
      // An older, slower answer never replaces a newer one.
      if (mine === latest) show(body.centres);
    } catch {
      // Offline or failed: the search button still works.
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
})();
