// Record: consent first, then start / pause / stop with a recording indicator, elapsed time,
// input level and the count of chunks waiting to upload.

import * as api from '../api.js';
import { go } from '../nav.js';
import * as recorder from '../recorder.js';
import { onQueueChange } from '../uploader.js';
import { flash, fmtClock, h, screen } from '../ui.js';

export async function recordView(episodeId) {
  const mount = screen();
  const episode = await api.get(`/api/episodes/${episodeId}`);
  const client = await api.get(`/api/clients/${episode.client_id}`);
  const clientName = `${client.first_name} ${client.last_name}`;

  const consent = h('input', { type: 'checkbox', id: 'consent', name: 'consent' });
  const consentBox = h('div', { class: 'consent' },
    consent,
    h('label', { for: 'consent', text: `${clientName} has agreed to this session being recorded.` }));
  const startBtn = h('button', { type: 'button', class: 'btn record big', id: 'start', disabled: true, text: 'Start recording' });
  const pauseBtn = h('button', { type: 'button', class: 'btn secondary big', id: 'pause', disabled: true, text: 'Pause' });
  const stopBtn = h('button', { type: 'button', class: 'btn danger big', id: 'stop', disabled: true, text: 'Stop' });
  const indicator = h('div', { class: 'indicator', id: 'indicator', role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'ind-text', text: 'Not recording' }));
  const elapsed = h('div', { class: 'elapsed', id: 'elapsed', 'aria-label': 'Elapsed time', text: '00:00' });
  const levelBar = h('div', { class: 'level-bar' });
  const meter = h('div', {
    class: 'level', id: 'level', role: 'meter', 'aria-label': 'Input level',
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
  }, levelBar);
  const counts = h('p', { class: 'counts', id: 'chunk-counts', 'aria-live': 'polite' });
  const precautions = episode.precautions.length
    ? h('div', { class: 'notice' }, h('strong', { text: 'Precautions: ' }), episode.precautions.join('; '))
    : null;

  let raf = 0;
  let queue = { pending: 0, online: navigator.onLine };

  function render() {
    const rec = recorder.current();
    const mine = rec && rec.episodeId === episodeId;
    const state = mine ? rec.state : 'idle';
    consent.disabled = Boolean(rec);
    startBtn.disabled = Boolean(rec) || !consent.checked;
    pauseBtn.disabled = !mine || (state !== 'recording' && state !== 'paused');
    pauseBtn.textContent = state === 'paused' ? 'Resume' : 'Pause';
    stopBtn.disabled = !mine || state === 'stopping';
    indicator.dataset.state = state;
    indicator.querySelector('.ind-text').textContent = {
      idle: rec ? 'Another session is recording' : 'Not recording',
      recording: 'Recording',
      paused: 'Paused',
      stopping: 'Saving…',
    }[state];
    const recorded = mine ? rec.row.recorded : Number(counts.dataset.recorded || 0);
    counts.dataset.recorded = String(recorded);
    if (mine) counts.dataset.recordingId = String(rec.recordingId);
    counts.dataset.pending = String(queue.pending);
    counts.textContent = `${recorded} chunk${recorded === 1 ? '' : 's'} recorded · ${queue.pending} chunk${queue.pending === 1 ? '' : 's'} pending upload${queue.online ? '' : ' · offline, will retry'}`;
  }

  function tick() {
    const rec = recorder.current();
    if (rec && rec.episodeId === episodeId) {
      elapsed.textContent = fmtClock(recorder.elapsedSeconds());
      const lvl = Math.round(recorder.level() * 100);
      levelBar.style.width = `${lvl}%`;
      meter.setAttribute('aria-valuenow', String(lvl));
    } else {
      levelBar.style.width = '0%';
    }
    raf = requestAnimationFrame(tick);
  }

  consent.addEventListener('change', render);
  startBtn.addEventListener('click', async () => {
    if (!consent.checked) return;
    startBtn.disabled = true;
    try {
      await recorder.start({ episodeId, clientName });
      api.noteActivity();
    } catch (err) {
      flash(`Could not start recording: ${err.message}`);
    }
    render();
  });
  pauseBtn.addEventListener('click', () => {
    const rec = recorder.current();
    if (rec && rec.state === 'paused') recorder.resume(); else recorder.pause();
  });
  stopBtn.addEventListener('click', async () => {
    const id = await recorder.stop();
    if (id) go(`#/review/${id}`);
  });

  const offRecorder = recorder.onRecorderChange(render);
  const offQueue = onQueueChange((q) => { queue = q; render(); });

  const existing = recorder.current();
  if (existing && existing.episodeId === episodeId) consent.checked = true;

  mount(
    h('p', {}, h('a', { href: `#/client/${client.id}`, text: `← ${clientName}` })),
    h('h1', { text: `Record session — ${clientName} (${episode.discipline})` }),
    precautions,
    h('section', { class: 'panel recorder', 'aria-label': 'Recorder' },
      consentBox,
      h('div', { class: 'rec-status' }, indicator, elapsed),
      meter,
      h('div', { class: 'controls' }, startBtn, pauseBtn, stopBtn),
      counts,
      h('p', { class: 'muted', text: 'Audio is saved on this tablet every few seconds and uploaded as it goes; if the network drops, it uploads when it returns.' })));
  render();
  raf = requestAnimationFrame(tick);
  return () => { cancelAnimationFrame(raf); offRecorder(); offQueue(); };
}
