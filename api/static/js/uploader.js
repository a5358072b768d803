// The upload queue. Every chunk is written to IndexedDB before any upload is tried; a chunk
// leaves IndexedDB only after the server answered 200/201 for it. Uploads go in index order
// (the server refuses gaps), retry every few seconds and on the browser's `online` event, and
// resume after a reload. When a stopped recording has no chunk left, it is completed.

import { ApiError, request, token, currentUser } from './api.js';
import * as store from './store.js';

const RETRY_MS = 4000;
const listeners = new Set();
let running = false;
let again = false;
let timer = null;
let lastError = null;
let pending = 0;

export function onQueueChange(fn) { listeners.add(fn); fn(state()); return () => listeners.delete(fn); }
export function state() { return { pending, lastError, online: navigator.onLine }; }
function emit(event = null) { for (const fn of listeners) fn({ ...state(), event }); }

export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

// Called by the recorder for every MediaRecorder slice, in order.
export async function enqueueChunk(recordingId, index, blob) {
  const sha256 = await sha256Hex(blob);
  await store.putChunk({ recordingId, index, blob, sha256, size: blob.size, storedAt: Date.now() });
  await refreshCount();
  kick();
}

export async function refreshCount() {
  pending = await store.countChunks();
  emit();
  return pending;
}

export function kick() {
  if (running) { again = true; return; }
  pump();
}

function scheduleRetry() {
  clearTimeout(timer);
  timer = setTimeout(kick, RETRY_MS);
}

async function uploadChunk(chunk) {
  try {
    await request('PUT', `/api/recordings/${chunk.recordingId}/chunks/${chunk.index}`, chunk.blob, {
      headers: { 'X-Chunk-SHA256': chunk.sha256 },
      keepSessionOn401: false,
    });
    return 'ok';
  } catch (err) {
    if (err instanceof ApiError) {
      const code = err.detail && err.detail.code;
      if (err.status === 409 && code === 'upload_closed') return 'ok';
      if (err.status === 409 && code === 'chunk_gap' && err.detail.expected_index > chunk.index) return 'ok';
      if (err.status === 401) return 'auth';
      if (err.status >= 500 || err.status === 408 || err.status === 429) return 'retry';
      return 'fatal';
    }
    return 'retry'; // network error: offline, connection reset, aborted by the network
  }
}

async function complete(rec) {
  try {
    const out = await request('POST', `/api/recordings/${rec.id}/complete`, { total_chunks: rec.recorded });
    return out;
  } catch (err) {
    if (err instanceof ApiError && err.status === 409 && err.detail && err.detail.code === 'upload_closed') {
      return { id: rec.id };
    }
    throw err;
  }
}

async function pump() {
  running = true;
  try {
    do {
      again = false;
      if (!token()) break;
      const me = currentUser();
      let stalled = false;
      for (const rec of await store.allRecordings()) {
        if (me && rec.userId !== me.id) continue; // another user's queue waits for them
        for (const chunk of await store.chunksOf(rec.id)) {
          const outcome = await uploadChunk(chunk);
          if (outcome === 'ok') {
            await store.deleteChunk(chunk.recordingId, chunk.index);
            lastError = null;
            await refreshCount();
          } else {
            lastError = outcome === 'fatal' ? 'the server refused a chunk' : 'upload paused: no connection';
            if (outcome === 'fatal') rec.failed = true;
            stalled = true;
            break;
          }
        }
        if (stalled) break;
        if (rec.state === 'stopped' && !rec.failed && (await store.chunksOf(rec.id)).length === 0) {
          try {
            await complete(rec);
            await store.deleteRecording(rec.id);
            emit({ type: 'completed', recordingId: rec.id });
          } catch (err) {
            lastError = err.message;
            stalled = true;
          }
        }
      }
      if (stalled) { scheduleRetry(); break; }
    } while (again);
  } finally {
    running = false;
    await refreshCount();
    if (pending > 0) scheduleRetry();
  }
}

export async function pendingRecordings() {
  const me = currentUser();
  return (await store.allRecordings()).filter((r) => !me || r.userId === me.id);
}

export async function finishInterrupted(recordingId) {
  const rec = await store.getRecording(recordingId);
  if (!rec) return;
  rec.state = 'stopped';
  await store.putRecording(rec);
  kick();
}

window.addEventListener('online', () => { emit(); kick(); });
window.addEventListener('offline', () => emit());
