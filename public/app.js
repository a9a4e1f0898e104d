// Progressive enhancement only: every page works without this script.
import { initAll } from '/assets/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj-frontend.min.js';

initAll();
// The Ministry of Justice components: sortable tables (a list of one page sorts in place; their headers
// are also links that sort on the server) and the filter's show and hide.
initMoj();

// A running job's page (src/cqc/views/import-job.njk): without JavaScript it refreshes itself; here its
// progress is fetched and shown in place, and the page is reloaded to show the result when the job ends.
for (const job of document.querySelectorAll('[data-module="app-job-progress"]')) {
  const bar = job.querySelector('progress');
  const text = job.querySelector('[data-job-text]');
  const poll = async () => {
    try {
      const response = await fetch(job.dataset.progressUrl, { headers: { accept: 'application/json' } });
      if (response.ok) {
        const progress = await response.json();
        if (progress.finished) return window.location.reload();
        if (progress.percent === null) bar.removeAttribute('value');
        else bar.value = progress.percent;
        if (text.textContent !== progress.progressText) text.textContent = progress.progressText;
      }
    } catch {
      // A failed poll is tried again.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
