// IndexedDB: recorded chunks wait here until the server has them, so a dropped network or a
// reloaded tab loses nothing. Two stores: recordings (one row per recording) and chunks
// (key [recordingId, index], the audio Blob and its SHA-256).

const DB_NAME = 'rehab-scribe';
const DB_VERSION = 1;
let dbPromise = null;

function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('recordings')) db.createObjectStore('recordings', { keyPath: 'id' });
        if (!db.objectStoreNames.contains('chunks')) {
          const chunks = db.createObjectStore('chunks', { keyPath: ['recordingId', 'index'] });
          chunks.createIndex('byRecording', 'recordingId');
        }
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbPromise;
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
}

function result(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function putRecording(rec) {
  const db = await open();
  const tx = db.transaction('recordings', 'readwrite');
  tx.objectStore('recordings').put(rec);
  await done(tx);
}

export async function getRecording(id) {
  const db = await open();
  return result(db.transaction('recordings').objectStore('recordings').get(id));
}

export async function allRecordings() {
  const db = await open();
  return result(db.transaction('recordings').objectStore('recordings').getAll());
}

export async function deleteRecording(id) {
  const db = await open();
  const tx = db.transaction('recordings', 'readwrite');
  tx.objectStore('recordings').delete(id);
  await done(tx);
}

export async function putChunk(chunk) {
  const db = await open();
  const tx = db.transaction('chunks', 'readwrite');
  tx.objectStore('chunks').put(chunk);
  await done(tx);
}

export async function chunksOf(recordingId) {
  const db = await open();
  const index = db.transaction('chunks').objectStore('chunks').index('byRecording');
  const rows = await result(index.getAll(IDBKeyRange.only(recordingId)));
  return rows.sort((a, b) => a.index - b.index);
}

export async function deleteChunk(recordingId, index) {
  const db = await open();
  const tx = db.transaction('chunks', 'readwrite');
  tx.objectStore('chunks').delete([recordingId, index]);
  await done(tx);
}

export async function countChunks() {
  const db = await open();
  return result(db.transaction('chunks').objectStore('chunks').count());
}
