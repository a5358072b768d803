// Today: the caseload, work waiting (drafts, returned notes, reminders), unfinished recordings;
// and a client's page with goals, precautions and what was planned last time.

import * as api from '../api.js';
import { go } from '../nav.js';
import { finishInterrupted, pendingRecordings } from '../uploader.js';
import { h, label, loading, screen, statusBadge } from '../ui.js';

const fullName = (c) => `${c.first_name} ${c.last_name}`;

async function settle(promise, fallback) {
  try { return await promise; } catch { return fallback; }
}

export async function todayView() {
  const mount = screen();
  mount(loading());
  const me = api.currentUser();
  const [clients, drafts, returned, due, unfinished] = await Promise.all([
    api.get('/api/clients'),
    settle(api.get('/api/notes?status=draft'), []),
    settle(api.get('/api/queues/returned'), []),
    settle(api.get('/api/queues/due'), []),
    settle(pendingRecordings(), []),
  ]);
  const details = await Promise.all(clients.map((c) => settle(api.get(`/api/clients/${c.id}`), { ...c, episodes: [] })));
  const nameOf = new Map(clients.map((c) => [c.id, fullName(c)]));
  const episodeClient = new Map();
  for (const d of details) for (const e of d.episodes || []) episodeClient.set(e.id, d);

  const cards = details.map((c) => h('li', { class: 'card client' },
    h('div', { class: 'card-head' },
      h('h3', {}, h('a', { href: `#/client/${c.id}`, text: fullName(c) })),
      h('span', { class: 'muted', text: `MRN ${c.mrn} · born ${c.date_of_birth}` })),
    h('ul', { class: 'episodes' }, (c.episodes || []).filter((e) => e.status === 'active').map((e) =>
      h('li', {},
        h('span', { class: 'tag', text: e.discipline }),
        h('a', { class: 'btn primary', href: `#/record/${e.id}`, 'aria-label': `Record session for ${fullName(c)} (${e.discipline})`, text: 'Record session' }),
        h('a', { class: 'btn secondary', href: `#/client/${c.id}`, text: 'Goals & plan' }))))));

  const mine = drafts.filter((n) => n.author_id === me.id);
  const work = h('section', { class: 'panel', 'aria-labelledby': 'work-title' },
    h('h2', { id: 'work-title', text: 'Waiting for you' }),
    unfinished.length ? h('div', { class: 'notice' },
      h('p', { text: `${unfinished.length} recording(s) on this tablet are not finished uploading.` }),
      h('ul', {}, unfinished.map((r) => h('li', {},
        `${r.clientName || 'Recording'} #${r.id} — ${label(r.state)}`,
        r.state === 'recording'
          ? h('button', { type: 'button', class: 'btn secondary', text: 'Finish and transcribe', onclick: async () => { await finishInterrupted(r.id); go(`#/review/${r.id}`); } })
          : h('a', { class: 'btn secondary', href: `#/review/${r.id}`, text: 'Progress' }))))) : null,
    returned.length ? h('div', {}, h('h3', { text: 'Returned by your co-signer' }),
      h('ul', { class: 'list' }, returned.map((q) => h('li', {},
        h('a', { href: `#/note/${q.note_id}`, text: `${nameOf.get(q.client_id) || 'Client'} — ${label(q.note_type)} note` }),
        h('span', { class: 'muted', text: ` “${q.returned_reason || ''}”` }))))) : null,
    h('h3', { text: 'Draft notes' }),
    mine.length ? h('ul', { class: 'list' }, mine.map((n) => {
      const c = episodeClient.get(n.episode_id);
      return h('li', {}, h('a', { href: `#/note/${n.id}`, text: `${c ? fullName(c) : 'Client'} — ${label(n.note_type)} note, ${n.created_at.slice(0, 10)}` }), ' ', statusBadge(n.status));
    })) : h('p', { class: 'muted', text: 'No drafts.' }),
    due.length ? h('div', {}, h('h3', { text: 'Coming due' }),
      h('ul', { class: 'list' }, due.map((d) => h('li', { class: d.overdue ? 'overdue' : null },
        `${nameOf.get(d.client_id) || 'Client'}: ${d.message}`)))) : null);

  mount(
    h('h1', { text: `Today — ${new Date().toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' })}` }),
    h('div', { class: 'columns' },
      h('section', { class: 'panel wide', 'aria-labelledby': 'caseload-title' },
        h('h2', { id: 'caseload-title', text: `Caseload (${clients.length})` }),
        cards.length ? h('ul', { class: 'cards' }, cards) : h('p', { class: 'muted', text: 'No clients on your caseload.' })),
      work));
  return null;
}

function lastPlan(content) {
  const plan = content && content.note && content.note.sections && content.note.sections.plan;
  return Array.isArray(plan) ? plan.map((s) => s.text) : [];
}

export async function clientView(clientId) {
  const mount = screen();
  mount(loading());
  const client = await api.get(`/api/clients/${clientId}`);
  const episodes = await Promise.all(client.episodes.map((e) => api.get(`/api/episodes/${e.id}`)));
  const sections = [];
  for (const ep of episodes) {
    const notes = await settle(api.get(`/api/notes?episode_id=${ep.id}`), []);
    const signed = notes.filter((n) => n.status !== 'draft').sort((a, b) => b.id - a.id)[0];
    const last = signed ? await settle(api.get(`/api/notes/${signed.id}`), null) : null;
    const plan = last ? lastPlan(last.content) : [];
    sections.push(h('section', { class: 'panel', 'aria-label': `${ep.discipline} episode` },
      h('div', { class: 'card-head' },
        h('h2', { text: `${ep.discipline} episode · ${label(ep.status)}` }),
        ep.status === 'active' ? h('a', { class: 'btn primary big', href: `#/record/${ep.id}`, text: 'Record session' }) : null),
      h('p', { class: 'muted', text: `Therapist ${ep.therapist.full_name}${ep.assistant ? ` · assistant ${ep.assistant.full_name}` : ''} · ${ep.payer_name || ep.payer_code} · visits used ${ep.visits_used}${ep.authorised_visits ? ` of ${ep.authorised_visits}` : ''}` }),
      h('h3', { text: 'Precautions' }),
      ep.precautions.length
        ? h('ul', { class: 'precautions' }, ep.precautions.map((p) => h('li', { text: p })))
        : h('p', { class: 'muted', text: 'None recorded.' }),
      h('h3', { text: 'Diagnoses' }),
      h('ul', {}, ep.diagnoses.map((d) => h('li', { text: `${d.icd10_code} ${d.description || ''}` }))),
      h('h3', { text: 'Goals' }),
      h('ul', { class: 'goals' }, ep.goals.map((g) => h('li', {},
        h('span', { class: 'tag', text: label(g.term) }), ' ', g.text,
        h('span', { class: 'muted', text: ` (baseline ${g.baseline || '—'}, target ${g.target || '—'}) ` }), statusBadge(g.status)))),
      h('h3', { text: 'Planned last time' }),
      plan.length ? h('ul', {}, plan.map((t) => h('li', { text: t })))
        : h('p', { class: 'muted', text: 'No signed note yet in this episode.' })));
  }
  mount(
    h('p', {}, h('a', { href: '#/today', text: '← Today' })),
    h('h1', { text: fullName(client) }),
    h('p', { class: 'muted', text: `MRN ${client.mrn} · born ${client.date_of_birth}${client.sex ? ` · ${client.sex}` : ''}` }),
    sections);
  return null;
}
