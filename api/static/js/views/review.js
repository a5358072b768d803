// Review: transcription progress for a recording, then the draft note: evidence, edits, sign.

import * as api from '../api.js';
import { go } from '../nav.js';
import { onQueueChange } from '../uploader.js';
import { field, flash, h, label, loading, screen } from '../ui.js';
import { renderNote } from './noteparts.js';

export async function reviewRecordingView(recordingId) {
  const mount = screen();
  const status = h('p', { class: 'status-line', id: 'rec-status', role: 'status', 'aria-live': 'polite', text: 'Waiting for the upload…' });
  const bar = h('div', { class: 'progress-fill' });
  const progress = h('div', { class: 'progress', id: 'progress', role: 'progressbar', 'aria-label': 'Transcription progress', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, bar);
  const pending = h('p', { class: 'muted', id: 'review-pending' });
  mount(
    h('h1', { text: 'Preparing the draft note' }),
    h('section', { class: 'panel' }, status, progress, pending,
      h('p', { class: 'muted', text: 'You can leave this screen: the draft will be in “Draft notes” on Today.' })));

  let stopped = false;
  let timer = 0;
  const offQueue = onQueueChange((q) => {
    pending.textContent = q.pending ? `${q.pending} chunk(s) still uploading from this tablet${q.online ? '' : ' (offline)'}` : '';
  });

  async function poll() {
    if (stopped) return;
    try {
      const rec = await api.get(`/api/recordings/${recordingId}`);
      const pct = rec.status === 'uploading' ? 0 : rec.progress_percent;
      bar.style.width = `${pct}%`;
      progress.setAttribute('aria-valuenow', String(Math.round(pct)));
      status.textContent = {
        uploading: `Uploading: ${rec.chunks_received.length} chunk(s) received`,
        uploaded: 'Uploaded; waiting for transcription to start…',
        transcribing: `Transcribing… ${Math.round(pct)}%`,
        transcribed: rec.note_id ? 'Draft ready.' : 'Transcribed; building the draft…',
        failed: `Transcription failed: ${rec.failure_reason || 'unknown reason'}`,
      }[rec.status] || label(rec.status);
      if (rec.note_id) {
        go(`#/note/${rec.note_id}`);
        return;
      }
      if (rec.status === 'failed') return;
    } catch (err) {
      status.textContent = `Could not read progress (${err.message}); retrying…`;
    }
    timer = setTimeout(poll, 1500);
  }
  poll();
  return () => { stopped = true; clearTimeout(timer); offQueue(); };
}

export async function noteView(noteId) {
  const mount = screen();
  mount(loading());
  let detail = await api.get(`/api/notes/${noteId}`);
  const client = await api.get(`/api/clients/${detail.client_id}`).catch(() => null);
  const me = api.currentUser();

  function render() {
    const editable = detail.author_id === me.id && ['draft', 'returned'].includes(detail.status);
    const { notePanel, transcriptPanel } = renderNote(detail, { editable, onEdit: save });
    const signBox = editable ? signForm() : h('p', { class: 'notice', id: 'sign-result', role: 'status', text: statusText() });
    mount(
      h('p', {}, h('a', { href: '#/today', text: '← Today' })),
      h('h1', { text: `Review — ${client ? `${client.first_name} ${client.last_name}` : 'client'}` }),
      h('div', { class: 'split' }, h('div', { class: 'split-main' }, notePanel, signBox), transcriptPanel));
  }

  function statusText() {
    switch (detail.status) {
      case 'awaiting_cosign': return 'Signed. Waiting for your supervisor’s co-signature.';
      case 'final': return 'Signed and final. Sent to billing.';
      case 'cosigned': return 'Co-signed.';
      case 'signed': return 'Signed.';
      default: return `Status: ${label(detail.status)}`;
    }
  }

  async function save(content, message) {
    try {
      detail = await api.patch(`/api/notes/${noteId}`, { version: detail.version, content });
      flash(message, 'info');
    } catch (err) {
      flash(err.status === 409 ? 'The note changed elsewhere; reloaded.' : `Not saved: ${err.message}`);
      detail = await api.get(`/api/notes/${noteId}`);
    }
    render();
  }

  function signForm() {
    const password = h('input', { type: 'password', autocomplete: 'current-password', id: 'sign-password', required: true });
    const error = h('p', { class: 'error', role: 'alert', id: 'sign-error' });
    const button = h('button', { type: 'submit', class: 'btn primary big', id: 'sign', text: 'Sign note' });
    const form = h('form', { class: 'panel sign', 'aria-labelledby': 'sign-title' },
      h('h2', { id: 'sign-title', text: 'Sign' }),
      h('p', { class: 'muted', text: `You are signing version ${detail.version} as ${me.full_name}${me.credentials ? `, ${me.credentials}` : ''}. Enter your password to sign.` }),
      field('Password', password), error, button);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      button.disabled = true;
      error.textContent = '';
      try {
        detail = await api.request('POST', `/api/notes/${noteId}/sign`, { password: password.value, version: detail.version }, { keepSessionOn401: true });
        flash(statusText(), 'info');
        render();
      } catch (err) {
        error.textContent = err.status === 401 ? 'Password does not match; nothing was signed.' : err.message;
        button.disabled = false;
        password.value = '';
      }
    });
    return form;
  }

  render();
  return null;
}
