// One recording at a time: microphone -> MediaRecorder slices (~3 s) -> IndexedDB -> upload queue,
// plus an AnalyserNode for the input level. Lives outside the views so moving between screens
// does not stop a session being recorded.

import { holdAwake, post, currentUser } from './api.js';
import * as store from './store.js';
import { enqueueChunk, kick } from './uploader.js';

export const TIMESLICE_MS = 3000;
const listeners = new Set();
let active = null;
// Audio of sessions recorded in this tab, kept in memory only (never persisted), so the review
// right after a session can play a statement's evidence. Keyed by therapy session id.
const audioBySession = new Map();

export function localAudio(sessionId) { return audioBySession.get(sessionId) || null; }

// On sign-out: the next person using this tablet must not hear the last one's sessions.
export function forgetLocalAudio() {
  for (const url of audioBySession.values()) URL.revokeObjectURL(url);
  audioBySession.clear();
}

export function current() { return active; }
export function onRecorderChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
function emit() { for (const fn of listeners) fn(active); }

function pickMimeType() {
  const candidates = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'];
  return candidates.find((t) => window.MediaRecorder && MediaRecorder.isTypeSupported(t)) || '';
}

function uploadId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// Create the visit (with the consent the therapist just confirmed) and its recording, then record.
export async function start({ episodeId, clientName }) {
  if (active) throw new Error('a recording is already running');
  if (!window.MediaRecorder || !navigator.mediaDevices) throw new Error('this browser cannot record audio');
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: true },
  });
  const mimeType = pickMimeType();
  let session;
  let recording;
  try {
    session = await post('/api/sessions', { episode_id: episodeId, consent_to_record: true });
    recording = await post(`/api/sessions/${session.id}/recordings`, {
      client_upload_id: uploadId(),
      content_type: (mimeType || 'audio/webm').split(';')[0],
    });
  } catch (err) {
    stream.getTracks().forEach((t) => t.stop());
    throw err;
  }
  const row = {
    id: recording.id,
    sessionId: session.id,
    episodeId,
    clientName,
    userId: currentUser() ? currentUser().id : null,
    mimeType,
    state: 'recording',
    recorded: 0,
    startedAt: Date.now(),
  };
  await store.putRecording(row);

  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
  const audio = new AudioContext();
  const source = audio.createMediaStreamSource(stream);
  const analyser = audio.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);

  active = {
    recordingId: recording.id,
    sessionId: session.id,
    episodeId,
    clientName,
    recorder,
    stream,
    audio,
    analyser,
    row,
    state: 'recording',
    elapsedMs: 0,
    resumedAt: performance.now(),
    release: holdAwake(),
    chain: Promise.resolve(),
    blobs: [],
    stopped: null,
  };
  const me = active;
  recorder.ondataavailable = (event) => {
    if (!event.data || event.data.size === 0) return;
    const index = me.row.recorded;
    me.blobs.push(event.data);
    me.row.recorded += 1;
    // Serialised: each slice is hashed and stored before the next, so indexes stay in order.
    me.chain = me.chain.then(async () => {
      await store.putRecording(me.row);
      await enqueueChunk(me.recordingId, index, event.data);
      emit();
    });
  };
  me.stopped = new Promise((resolve) => { recorder.onstop = () => resolve(); });
  recorder.start(TIMESLICE_MS);
  emit();
  return active;
}

export function elapsedSeconds() {
  if (!active) return 0;
  const running = active.state === 'recording' ? performance.now() - active.resumedAt : 0;
  return (active.elapsedMs + running) / 1000;
}

// RMS of the current input, 0..1.
export function level() {
  if (!active || active.state !== 'recording') return 0;
  const buf = new Uint8Array(active.analyser.fftSize);
  active.analyser.getByteTimeDomainData(buf);
  let sum = 0;
  for (const v of buf) {
    const x = (v - 128) / 128;
    sum += x * x;
  }
  return Math.min(1, Math.sqrt(sum / buf.length) * 3);
}

export function pause() {
  if (!active || active.state !== 'recording') return;
  active.recorder.pause();
  active.elapsedMs += performance.now() - active.resumedAt;
  active.state = 'paused';
  emit();
}

export function resume() {
  if (!active || active.state !== 'paused') return;
  active.recorder.resume();
  active.resumedAt = performance.now();
  active.state = 'recording';
  emit();
}

// Stop, store the last slice, mark the recording stopped: the queue completes it once every
// chunk is on the server. Returns the recording id.
export async function stop() {
  if (!active) return null;
  const me = active;
  if (me.state === 'recording') me.elapsedMs += performance.now() - me.resumedAt;
  me.state = 'stopping';
  emit();
  me.recorder.stop();
  await me.stopped;
  await me.chain;
  me.stream.getTracks().forEach((t) => t.stop());
  await me.audio.close().catch(() => {});
  audioBySession.set(me.sessionId, URL.createObjectURL(new Blob(me.blobs, { type: me.mimeType || 'audio/webm' })));
  me.row.state = 'stopped';
  me.row.durationS = me.elapsedMs / 1000;
  await store.putRecording(me.row);
  me.release();
  active = null;
  emit();
  kick();
  return me.recordingId;
}

// After a reload, a recording that was running has no recorder any more: what was stored is
// kept and can be finished (uploaded and transcribed) from the banner.
export async function interruptedRecordings() {
  const rows = await store.allRecordings();
  return rows.filter((r) => r.state === 'recording' && (!active || active.recordingId !== r.id));
}
