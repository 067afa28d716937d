// The console's activity page: jobs synced and failed per hour and route (GET /api/v1/activity),
// one inline-SVG chart per route, with a table of the same figures for screen readers and the
// keyboard. app.js shows the page (#/activity) and lends the API and element helpers.

import { api, attempt, el, svg } from './app.js';

const HOUR_MS = 3600000;
const CHART = { width: 720, height: 170, left: 44, right: 8, top: 26, bottom: 26 };

/** The hour starting at `iso` in the browser's time zone: "18:00", or "Dec 7 18:00" at `withDay`. */
function hourLabel(iso, withDay = false) {
  const at = new Date(iso);
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return withDay ? `${at.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}` : time;
}

/** What a route's figures say, in words (the chart's accessible name and the figure's caption). */
function summary(route, from, to) {
  const t = route.totals;
  return `${route.route}: ${t.synced} synced, ${t.failed} failed, ${t.skipped} skipped, ` +
    `${hourLabel(from, true)} to ${hourLabel(to, true)}`;
}

/** Bars per hour, synced below failed, scaled to the route's busiest hour. */
function routeChart(route, hours, label) {
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const busiest = Math.max(1, ...hours.map((_, i) => route.synced[i] + route.failed[i]));
  const step = plotWidth / hours.length;
  const barWidth = Math.max(1, step * 0.8);
  const y = (n) => CHART.top + plotHeight - (n / busiest) * plotHeight;
  const chart = svg('svg', { viewBox: `0 0 ${CHART.width} ${CHART.height}`, width: CHART.width, height: CHART.height,
    role: 'img', 'aria-label': label });
  chart.append(svg('title', {}, label),
    svg('text', { x: 0, y: 16, class: 'chart-title' }, route.route),
    svg('text', { x: CHART.left - 6, y: CHART.top + 4, 'text-anchor': 'end' }, String(busiest)),
    svg('text', { x: CHART.left - 6, y: CHART.top + plotHeight, 'text-anchor': 'end' }, '0'),
    svg('line', { x1: CHART.left, y1: CHART.top + plotHeight, x2: CHART.width - CHART.right, y2: CHART.top + plotHeight,
      class: 'axis' }));
  // About six labels along the axis, whatever the range.
  const every = Math.max(1, Math.ceil(hours.length / 6));
  hours.forEach((start, i) => {
    const x = CHART.left + i * step + (step - barWidth) / 2;
    const synced = route.synced[i];
    const failed = route.failed[i];
    if (synced > 0) {
      chart.append(svg('rect', { x, y: y(synced), width: barWidth, height: y(0) - y(synced), class: 'bar-synced' }));
    }
    if (failed > 0) {
      chart.append(svg('rect', { x, y: y(synced + failed), width: barWidth, height: y(synced) - y(synced + failed),
        class: 'bar-failed' }));
    }
    if (i % every === 0) {
      chart.append(svg('text', { x: CHART.left + i * step, y: CHART.height - 8 }, hourLabel(start, hours.length > 24)));
    }
  });
  return chart;
}

/** The figures of the hours in which something settled, as a table (the chart's alternative). */
function routeTable(route, hours) {
  const rows = hours.map((start, i) => ({ start, synced: route.synced[i], failed: route.failed[i], skipped: route.skipped[i] }))
    .filter((row) => row.synced + row.failed + row.skipped > 0);
  return el('details', { class: 'activity-table' },
    el('summary', {}, `${route.route}: figures per hour (${rows.length} ${rows.length === 1 ? 'hour' : 'hours'} with activity)`),
    rows.length === 0 ? el('p', {}, 'Nothing settled on this route in this period.') : el('table', { class: 'grid compact' },
      el('caption', {}, `Jobs of route ${route.route} per hour; hours not listed had none`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Hour'), el('th', { scope: 'col', class: 'num' }, 'Synced'),
        el('th', { scope: 'col', class: 'num' }, 'Failed'), el('th', { scope: 'col', class: 'num' }, 'Skipped'))),
      el('tbody', {}, rows.map((row) => el('tr', {}, el('th', { scope: 'row' }, hourLabel(row.start, true)),
        el('td', { class: 'num' }, row.synced), el('td', { class: 'num' }, row.failed), el('td', { class: 'num' }, row.skipped))))));
}

/** Offers every route the host counts, keeping the one chosen. */
function fillRouteChoice(routes) {
  const select = document.querySelector('#activity-route');
  const chosen = select.value;
  const names = routes.map((r) => r.route);
  if (chosen && !names.includes(chosen)) names.push(chosen);
  select.replaceChildren(el('option', { value: '' }, 'every route'), ...names.map((name) => el('option', { value: name }, name)));
  select.value = chosen;
}

/** Loads and draws the activity of the period and route the form chooses. */
export async function loadActivity() {
  const hours = Number(document.querySelector('#activity-period').value);
  const route = document.querySelector('#activity-route').value;
  // The API rounds `from` down to its hour and ends with the current hour: `hours` buckets.
  const query = new URLSearchParams({ from: new Date(Date.now() - (hours - 1) * HOUR_MS).toISOString() });
  if (route) query.set('route', route);
  const chart = document.querySelector('#activity-chart');
  let activity;
  try {
    activity = await api('GET', `/api/v1/activity?${query}`);
  } catch (error) {
    chart.replaceChildren(el('p', { class: 'error' }, error.status === 404
      ? 'This host does not serve the activity (GET /api/v1/activity): upgrade it.' : error.message));
    return;
  }
  if (!route) fillRouteChoice(activity.routes);
  chart.replaceChildren(...(activity.routes.length === 0 ? [el('p', {}, 'No route is configured.')]
    : activity.routes.map((r) => {
      const label = summary(r, activity.from, activity.to);
      return el('figure', { class: 'activity', 'data-route': r.route, 'data-synced': r.totals.synced,
        'data-failed': r.totals.failed },
      routeChart(r, activity.hours, label), el('figcaption', {}, label), routeTable(r, activity.hours));
    })));
}

/** Builds the page's form (index.html holds the empty section) and reloads on its changes. */
export function wireActivity() {
  const form = el('form', { id: 'activity-form', class: 'search' },
    el('label', { for: 'activity-route' }, 'Route'),
    el('select', { id: 'activity-route', name: 'route' }, el('option', { value: '' }, 'every route')),
    el('label', { for: 'activity-period' }, 'Period'),
    el('select', { id: 'activity-period', name: 'period' },
      el('option', { value: '24' }, 'last 24 hours'), el('option', { value: '168' }, 'last 7 days'),
      el('option', { value: '744' }, 'last 31 days')),
    el('button', { type: 'submit' }, 'Show'),
    el('span', { class: 'legend', 'aria-hidden': 'true' },
      el('span', { class: 'swatch bar-synced' }), 'synced ', el('span', { class: 'swatch bar-failed' }), 'failed'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(loadActivity);
  });
  for (const select of form.querySelectorAll('select')) select.addEventListener('change', () => attempt(loadActivity));
  document.querySelector('#page-activity').append(
    el('h1', { id: 'activity-title' }, 'Activity'),
    el('p', {}, 'Jobs settled per hour and route: synced (written to the target) and failed. ',
      'A write that failed and later succeeded counts in both hours.'),
    form, el('div', { id: 'activity-chart', class: 'chart' }));
}
