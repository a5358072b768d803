// Supervisor: the co-sign queue; a note beside its transcript; co-sign with password or return.

import * as api from '../api.js';
import { go } from '../nav.js';
import { field, flash, h, label, loading, screen } from '../ui.js';
import { renderNote } from './noteparts.js';

export async function cosignQueueView() {
  const mount = screen();
  mount(loading());
  const [queue, clients] = await Promise.all([api.get('/api/queues/cosign'), api.get('/api/clients').catch(() => [])]);
  const names = new Map(clients.map((c) => [c.id, `${c.first_name} ${c.last_name}`]));
  mount(
    h('h1', { text: 'Co-sign queue' }),
    h('section', { class: 'panel' },
      queue.length ? h('ul', { class: 'cards', id: 'cosign-queue' }, queue.map((q) => h('li', { class: 'card' },
        h('div', { class: 'card-head' },
          h('h3', {}, h('a', { href: `#/cosign/${q.note_id}`, text: `${names.get(q.client_id) || `Client ${q.client_id}`} — ${label(q.note_type)} note` })),
          h('span', { class: 'muted', text: `by ${q.author.full_name} (${q.author.credentials || q.author.role}) · waiting ${q.age_hours < 1 ? 'under an hour' : `${Math.round(q.age_hours)} h`}` })),
        h('a', { class: 'btn primary', href: `#/cosign/${q.note_id}`, text: 'Review and co-sign' }))))
        : h('p', { class: 'muted', id: 'cosign-empty', text: 'Nothing waiting for your co-signature.' })));
  return null;
}

export async function cosignNoteView(noteId) {
  const mount = screen();
  mount(loading());
  let detail = await api.get(`/api/notes/${noteId}`);
  const client = await api.get(`/api/clients/${detail.client_id}`).catch(() => null);

  const { notePanel, transcriptPanel } = renderNote(detail, { editable: false });
  const password = h('input', { type: 'password', autocomplete: 'current-password', id: 'cosign-password', required: true });
  const cosignError = h('p', { class: 'error', role: 'alert' });
  const cosignBtn = h('button', { type: 'submit', class: 'btn primary big', id: 'cosign', text: 'Co-sign' });
  const cosignForm = h('form', { class: 'panel sign', 'aria-labelledby': 'cosign-title' },
    h('h2', { id: 'cosign-title', text: 'Co-sign' }),
    h('p', { class: 'muted', text: `Co-signing version ${detail.version}, authored by ${detail.author.full_name}.` }),
    field('Password', password), cosignError, cosignBtn);
  cosignForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    cosignBtn.disabled = true;
    cosignError.textContent = '';
    try {
      detail = await api.request('POST', `/api/notes/${noteId}/cosign`, { password: password.value }, { keepSessionOn401: true });
      flash(`Co-signed: the note is ${label(detail.status)}.`, 'info');
      go('#/cosign');
    } catch (err) {
      cosignError.textContent = err.status === 401 ? 'Password does not match; nothing was signed.' : err.message;
      password.value = '';
      cosignBtn.disabled = false;
    }
  });

  const reason = h('textarea', { id: 'return-reason', rows: '3', maxlength: '4000', required: true });
  const returnBtn = h('button', { type: 'submit', class: 'btn danger', id: 'return', text: 'Return to author' });
  const returnForm = h('form', { class: 'panel', 'aria-labelledby': 'return-title' },
    h('h2', { id: 'return-title', text: 'Return with a reason' }),
    field('What needs changing', reason), returnBtn);
  returnForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) { reason.focus(); return; }
    returnBtn.disabled = true;
    try {
      await api.post(`/api/notes/${noteId}/return`, { reason: reason.value.trim() });
      flash('Returned to the author.', 'info');
      go('#/cosign');
    } catch (err) {
      flash(err.message);
      returnBtn.disabled = false;
    }
  });

  const waiting = detail.status === 'awaiting_cosign';
  mount(
    h('p', {}, h('a', { href: '#/cosign', text: '← Co-sign queue' })),
    h('h1', { text: `Co-sign — ${client ? `${client.first_name} ${client.last_name}` : 'client'}` }),
    h('div', { class: 'split' },
      h('div', { class: 'split-main' }, notePanel,
        waiting ? cosignForm : h('p', { class: 'notice', text: `This note is ${label(detail.status)}.` }),
        waiting ? returnForm : null),
      transcriptPanel));
  return null;
}
