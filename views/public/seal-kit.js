// Seal kit, progressive enhancement: the page works without this file (the snippet is
// selectable text and the language choice reloads the page). With it, a language switches the
// snippet and preview at once and a button copies the snippet.
(() => {
  for (const kit of document.querySelectorAll('[data-seal-kit]')) {
    const snippet = kit.querySelector('[data-seal-snippet]');
    const preview = kit.querySelector('[data-seal-preview]');
    const submit = kit.querySelector('[data-seal-lang-submit]');
    const copy = kit.querySelector('[data-copy-target]');
    const status = kit.querySelector('[data-copy-status]');
    if (!snippet) continue;

    // Choosing a language now switches at once; the reload button is for pages without this script.
    if (submit) submit.remove();
    for (const radio of kit.querySelectorAll('input[name="sealLang"]')) {
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        snippet.value = radio.dataset.snippet;
        if (preview) preview.src = radio.dataset.preview;
        if (status) status.textContent = '';
      });
    }

    if (!copy) continue;
    // Shown only here: without this script the button would do nothing.
    copy.classList.add('button');
    copy.hidden = false;
    copy.addEventListener('click', async () => {
      let copied = false;
      try {
        await navigator.clipboard.writeText(snippet.value);
        copied = true;
      } catch {
        // No clipboard access (an insecure page, a refused permission): fall back to the selection.
        snippet.select();
        copied = document.execCommand('copy');
      }
      if (status) status.textContent = copied ? copy.dataset.copied : copy.dataset.copyFailed;
      if (!copied) snippet.select();
    });
  }
})();
