// The backfill progress panel (docs/console.md): while the console is signed in it reads
// GET /api/v1/progress every 2 seconds and, while a backfill runs, shows a progress bar per route
// with its jobs done, failed and remaining, its rate and the estimated time left.

const INTERVAL_MS = 2000;

/** "3 h 05 min", "4 min 20 s", "12 s". */
export function duration(seconds) {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${seconds} s`;
}

const REASONS = { first_read: 'first read', route_enabled_late: 'route enabled late' };

function backfillItem(el, backfill, index) {
  const settled = backfill.done + backfill.failed;
  const percent = backfill.total ? Math.floor((settled * 100) / backfill.total) : 0;
  const labelId = `progress-label-${index}`;
  const sources = backfill.walks.map((w) => `${w.connection}.${w.stream} (${REASONS[w.reason] || w.reason})`).join(', ');
  const fill = el('span', { class: 'progress-fill' });
  // Set through the DOM: the console's CSP allows no inline style attribute.
  fill.style.width = `${percent}%`;
  const figures = [
    ['Done', String(backfill.done)],
    ['Failed', String(backfill.failed)],
    ['Remaining', String(backfill.remaining)],
    ['Rate', backfill.rate_per_minute === null ? 'measuring…' : `${backfill.rate_per_minute} jobs/min`],
    ['Time left', backfill.eta_seconds === null ? 'unknown yet' : `about ${duration(backfill.eta_seconds)}`],
    ['Read', `${backfill.records_read} records${backfill.reading ? ', still reading' : ''}`],
  ];
  return el('li', { class: 'backfill', 'data-route': backfill.route },
    el('p', { class: 'backfill-title' }, el('strong', { id: labelId }, `Route ${backfill.route}`), ` from ${sources}`),
    el('div', {
      class: 'progress-bar', role: 'progressbar', 'aria-labelledby': labelId,
      'aria-valuemin': 0, 'aria-valuemax': backfill.total, 'aria-valuenow': settled,
      'aria-valuetext': `${settled} of ${backfill.total} jobs settled (${percent}%)`,
    }, fill),
    el('dl', { class: 'progress-figures' }, figures.flatMap(([name, value]) => [el('dt', {}, name), el('dd', {}, value)])));
}

/**
 * Keeps the panel #progress-panel (its list #progress-list) up to date; `api` and `el` are the
 * console's API call and element helpers. Idempotent.
 */
export function watchProgress({ api, el }) {
  const panel = document.getElementById('progress-panel');
  if (panel.dataset.watching) return;
  panel.dataset.watching = 'yes';
  const list = document.getElementById('progress-list');
  async function refresh() {
    // Signed out: nothing is asked (a refused token would send the sign-in form back again).
    if (!document.getElementById('app').hidden) {
      try {
        const { running, backfills } = await api('GET', '/api/v1/progress');
        list.replaceChildren(...backfills.map((backfill, index) => backfillItem(el, backfill, index)));
        panel.hidden = !running;
      } catch {
        // A host without /api/v1/progress, or one that did not answer: the panel stays as it was.
      }
    }
    setTimeout(refresh, INTERVAL_MS);
  }
  refresh();
}
