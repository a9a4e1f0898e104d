// Progressive enhancement only: every page works without this script.
import { initAll } from '/assets/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj-frontend.min.js';

initAll();

/**
 * The timeout warning: two minutes before an idle session ends (SESSION_IDLE_MINUTES), a dialog offers to
 * stay signed in. "Stay signed in" asks the server (which counts the request as activity) and closes the
 * dialog; when the time is up the page reloads, and the server, having ended the session, shows the sign-in
 * page saying why. Without JavaScript the server ends the session all the same.
 */
const dialog = document.getElementById('app-timeout-dialog');
if (dialog && typeof dialog.showModal === 'function') {
  const sessionMs = Number(dialog.dataset.sessionSeconds) * 1000;
  const warningMs = Math.min(2 * 60 * 1000, sessionMs / 2);
  const countdown = dialog.querySelector('.app-timeout-dialog__countdown');
  const form = dialog.querySelector('form');
  let timers = [];

  const inWords = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds > 60) return `${Math.ceil(seconds / 60)} minutes`;
    return seconds === 60 ? '1 minute' : `${seconds} seconds`;
  };

  const start = () => {
    timers.forEach(clearTimeout);
    const endsAt = Date.now() + sessionMs;
    timers = [
      setTimeout(() => {
        countdown.textContent = inWords(endsAt - Date.now());
        dialog.showModal();
        dialog.querySelector('#app-timeout-heading').focus();
        // Told every 20 seconds, not every second, so a screen reader is not talked over.
        const tick = setInterval(() => {
          if (!dialog.open) return clearInterval(tick);
          countdown.textContent = inWords(endsAt - Date.now());
        }, 20 * 1000);
        timers.push(tick);
      }, sessionMs - warningMs),
      setTimeout(() => window.location.reload(), sessionMs + 1000),
    ];
  };

  form.addEventListener('submit', async (event) => {
    // "Sign out" submits to its own action as an ordinary form.
    if (event.submitter && event.submitter.hasAttribute('formaction')) return;
    event.preventDefault();
    try {
      // 204 only when the session was still there; anything else (a session already ended is sent to sign in)
      // is left to the form itself, so the person sees where they are.
      const response = await fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { accept: 'application/json' }, credentials: 'same-origin', redirect: 'manual' });
      if (response.status !== 204) throw new Error(String(response.status));
      dialog.close();
      start();
    } catch {
      form.submit();
    }
  });
  // Escape closes a dialog: that is staying signed in too.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    form.requestSubmit();
  });
  start();
}

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
