// Entry point: hash router, top bar (navigation, pending-chunk count, session timer), idle time-out.

import * as api from './api.js';
import { go } from './nav.js';
import { beginRoute, clear, flash, fmtClock, h, isCurrentRoute, mount } from './ui.js';
import { onQueueChange, kick, refreshCount } from './uploader.js';
import { current as currentRecording, forgetLocalAudio } from './recorder.js';
import { signInView } from './views/signin.js';
import { todayView, clientView } from './views/today.js';
import { recordView } from './views/record.js';
import { reviewRecordingView, noteView } from './views/review.js';
import { cosignQueueView, cosignNoteView } from './views/supervisor.js';
import { billingView, chargeSetView } from './views/billing.js';

const routes = [
  [/^#\/signin$/, signInView, true],
  [/^#\/today$/, todayView],
  [/^#\/client\/(\d+)$/, clientView],
  [/^#\/record\/(\d+)$/, recordView],
  [/^#\/review\/(\d+)$/, reviewRecordingView],
  [/^#\/note\/(\d+)$/, noteView],
  [/^#\/cosign$/, cosignQueueView],
  [/^#\/cosign\/(\d+)$/, cosignNoteView],
  [/^#\/billing$/, billingView],
  [/^#\/billing\/(\d+)$/, chargeSetView],
];

let cleanup = null;


function home() {
  const me = api.currentUser();
  return me && me.role === 'biller' ? '#/billing' : '#/today';
}

async function route() {
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  const seq = beginRoute();
  const hash = location.hash || '#/';
  if (!api.token() || !api.currentUser()) {
    renderTopbar();
    if (hash !== '#/signin') sessionStorage.setItem('rs.after', hash);
    cleanup = signInView({ onSignedIn: afterSignIn });
    if (hash !== '#/signin') history.replaceState(null, '', '#/signin');
    return;
  }
  renderTopbar();
  for (const [pattern, view, publicView] of routes) {
    const m = hash.match(pattern);
    if (!m) continue;
    if (publicView) break;
    try {
      const done = await view(...m.slice(1).map(Number));
      if (isCurrentRoute(seq)) cleanup = done;
      else if (typeof done === 'function') done();
    } catch (err) {
      if (!isCurrentRoute(seq)) return;
      mount(h('section', { class: 'panel' }, h('h1', { text: 'Something went wrong' }),
        h('p', { text: err.message })));
    }
    return;
  }
  go(home());
}

function afterSignIn() {
  const after = sessionStorage.getItem('rs.after');
  sessionStorage.removeItem('rs.after');
  refreshCount();
  kick();
  tickTimer();
  go(after && after !== '#/signin' && after !== '#/' ? after : home());
}

function renderTopbar() {
  const me = api.currentUser();
  const bar = document.getElementById('topbar');
  bar.hidden = !me;
  const nav = clear(document.getElementById('nav'));
  if (!me) return;
  document.getElementById('who').textContent = `${me.full_name} (${me.role})`;
  const links = [];
  if (me.role === 'biller') links.push(['#/billing', 'Billing']);
  else {
    links.push(['#/today', 'Today']);
    if ((me.supervisee_ids || []).length) links.push(['#/cosign', 'Co-sign']);
  }
  const hash = location.hash;
  for (const [href, text] of links) {
    nav.append(h('a', { href, class: 'navlink', 'aria-current': hash.startsWith(href) ? 'page' : null, text }));
  }
}

function tickTimer() {
  const el = document.getElementById('session-timer');
  if (!api.token()) { el.textContent = ''; return; }
  const left = api.sessionRemaining();
  el.textContent = `Session ${fmtClock(left)}`;
  el.classList.toggle('warn', left < 120);
  if (left <= 0 && !currentRecording()) {
    api.logout().then(() => {
      flash('Signed out after a period of inactivity.', 'info');
      go('#/signin');
    });
  } else {
    api.refreshIfDue();
  }
}

function renderPending({ pending, online }) {
  const el = document.getElementById('pending');
  el.hidden = pending === 0 && online;
  const parts = [];
  if (pending > 0) parts.push(`${pending} chunk${pending === 1 ? '' : 's'} pending`);
  if (!online) parts.push('offline');
  el.textContent = parts.join(' · ');
  el.dataset.pending = String(pending);
}

async function boot() {
  for (const evt of ['pointerdown', 'keydown', 'touchstart']) {
    window.addEventListener(evt, api.noteActivity, { passive: true });
  }
  document.getElementById('signout').addEventListener('click', async () => {
    if (currentRecording()) { flash('Stop the recording before signing out.'); return; }
    await api.logout();
    sessionStorage.removeItem('rs.after'); // a deliberate sign-out returns to nothing
    go('#/signin');
  });
  // A 401 anywhere (expired, idle, revoked) drops the token: back to sign-in, then back here.
  api.onAuthChange((tok) => {
    if (tok) return;
    forgetLocalAudio();
    document.getElementById('flash').hidden = true;
    route();
  });
  onQueueChange(renderPending);
  await api.loadConfig();
  await api.restore();
  window.addEventListener('hashchange', route);
  setInterval(tickTimer, 1000);
  tickTimer();
  if (api.currentUser()) { refreshCount(); kick(); }
  await route();
}

boot();
