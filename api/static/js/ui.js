// DOM helpers. Every piece of data goes in through textContent or attributes, never innerHTML:
// transcripts and notes are untrusted text.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Views load data asynchronously: a view the user already navigated away from must not paint
// over the current one. Each route bumps the sequence; a view's `screen()` mounts only while
// its route is still the current one.
let routeSeq = 0;
export function beginRoute() { routeSeq += 1; return routeSeq; }
export function isCurrentRoute(seq) { return seq === routeSeq; }
export function screen() {
  const mine = routeSeq;
  return (...children) => (mine === routeSeq ? mount(...children) : null);
}

export function mount(...children) {
  const main = document.getElementById('main');
  clear(main);
  append(main, children);
  main.focus({ preventScroll: true });
  window.scrollTo(0, 0);
  return main;
}

let flashTimer = null;
export function flash(message, kind = 'error') {
  const el = document.getElementById('flash');
  el.textContent = message;
  el.className = `flash ${kind}`;
  el.hidden = false;
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => { el.hidden = true; }, kind === 'error' ? 9000 : 4000);
}

export function field(label, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id, text: label }), input, hintEl);
}

export function fmtClock(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  const m = Math.floor(s / 60);
  const hh = Math.floor(m / 60);
  const pad = (n) => String(n).padStart(2, '0');
  return hh ? `${hh}:${pad(m % 60)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

export function fmtMoney(cents) {
  if (cents === null || cents === undefined) return '—';
  return `$${(cents / 100).toFixed(2)}`;
}

export function label(value) {
  return String(value ?? '').replace(/_/g, ' ');
}

export function statusBadge(status) {
  return h('span', { class: `badge s-${String(status).replace(/[^a-z_-]/gi, '')}`, text: label(status) });
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status', text });
}

export function table(headers, rows, caption) {
  return h('table', { class: 'grid' },
    caption ? h('caption', { text: caption }) : null,
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c ?? '—'))))));
}
