// An example seat program in plain Node (no dependencies): a module exporting a policy, and — run as
// `node examples/agent.mjs` — a process speaking the JSON-lines protocol of docs/seats.md.
//
//   communique simulate --scenario new-delhi-fmm-2023 --seed 1 --seat RU=exec:node examples/agent.mjs
//   communique simulate --scenario new-delhi-fmm-2023 --seed 1 --seat RU=./examples/agent.mjs
//
// The policy, on the seat's most salient open paragraphs: consult the holdouts whose position it does
// not know yet, table its preferred wording (one nobody it consulted has a red line against), lobby
// those who object to a text it can live with, and end the slot when nothing is left worth the minutes.
// examples/agent.py is the same policy in Python; both give the same game for the same seed.
import { realpathSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

/** Minutes each command takes (docs/seats.md). */
const COST = { consult: 10, lobby: 15, propose: 5 };
/** How far a stance keeps a paragraph from consensus: objecting and blocking do. */
const SEVERITY = { support: 0, accept: 1, reserve: 2, object: 3, block: 4 };
/** How many holdouts on a paragraph the seat consults before it acts on what it learnt. */
const CONSULTS = 2;
/** How many of its paragraphs the seat works on: those it cares about most. */
const FOCUS = 4;
/** A wording is worth tabling when the seat gains this much over the text on the table. */
const WORTH_PROPOSING = 20;

/** The commands worth giving now, best first. */
export function candidates(obs) {
  const me = obs.me;
  const done = new Set(me.done);
  const present = new Set(obs.delegations.filter((d) => d.present).map((d) => d.id));
  const clout = (id) => obs.delegations.find((d) => d.id === id)?.clout ?? 0;
  const utility = (pid, variant) => (me.positions[pid]?.utilities[variant] ?? 0) + (me.flex[pid] ?? 0);
  const open = obs.paragraphs
    .filter((p) => p.draft.status === 'open' && me.positions[p.id])
    .sort((a, b) => me.positions[b.id].salience - me.positions[a.id].salience);
  const out = [];
  for (const p of open.slice(0, FOCUS)) {
    const mine = me.positions[p.id];
    const table = p.draft.variant;
    // Those keeping the text on the table from consensus, the weightiest first.
    const holdouts = Object.keys(p.stances)
      .filter((id) => id !== me.id && present.has(id) && SEVERITY[p.stances[id]] >= SEVERITY.object)
      .sort((x, y) => clout(y) - clout(x));
    // Consult a few of them: what they can live with decides which wording is worth tabling.
    const unknown = holdouts.filter((id) => !obs.known[id]?.[p.id]);
    if (holdouts.length - unknown.length < CONSULTS && unknown.length > 0) {
      out.push({ type: 'consult', actor: me.id, target: unknown[0], paragraph: p.id });
    }
    // Table its preferred wording: no red line of its own, none of those it consulted, if it can.
    if (obs.clock.kind !== 'informal') {
      const allowed = p.variants.filter((v) => !mine.redLines.includes(v));
      const acceptable = allowed.filter((v) => !Object.values(obs.known).some((byParagraph) => byParagraph[p.id]?.redLines.includes(v)));
      let best = null;
      for (const v of acceptable.length > 0 ? acceptable : allowed) if (best === null || utility(p.id, v) > utility(p.id, best)) best = v;
      const tabled = p.draft.amendments.some((a) => a.by === me.id && a.variant === best);
      if (best !== null && best !== table && !tabled && utility(p.id, best) - utility(p.id, table) >= WORTH_PROPOSING && !done.has(`propose:${p.id}:${best}`)) {
        out.push({ type: 'propose', actor: me.id, paragraph: p.id, variant: best });
      }
    }
    // Lobby those who object to a text it can live with.
    if (!mine.redLines.includes(table) && utility(p.id, table) >= 0) {
      for (const id of holdouts) {
        if (!done.has(`lobby:${id}:${p.id}`)) out.push({ type: 'lobby', actor: me.id, target: id, paragraph: p.id, approach: approachFor(obs, id) });
      }
    }
  }
  return out.filter((c) => obs.minutesLeft >= COST[c.type]);
}

/** The appeal most likely to move a delegation: its known motives, or principle before it has been consulted. */
function approachFor(obs, id) {
  const them = obs.delegations.find((d) => d.id === id);
  const options = ['principle', 'interest', 'reciprocity'];
  if (them && them.blocs.some((b) => obs.me.blocs.includes(b))) options.push('bloc-pressure');
  const motives = obs.motives[id];
  if (!motives) return 'principle';
  let best = options[0];
  for (const a of options) if (motives[a] > motives[best]) best = a;
  return best;
}

// A refused command is not tried again on the same observation: the next candidate is, or the slot ends.
let lastStep = -1;
let lastCommand = null;
const refusedHere = new Set();

/** The policy: the best candidate not refused at this step, or null to end the slot. */
export default function policy(obs, refused) {
  if (obs.step !== lastStep || !refused) refusedHere.clear();
  if (refused && lastCommand) refusedHere.add(JSON.stringify(lastCommand));
  lastStep = obs.step;
  lastCommand = candidates(obs).find((c) => !refusedHere.has(JSON.stringify(c))) ?? null;
  return lastCommand;
}

/** The process form: one observation per line in, one command (or null) per line out. */
function serve() {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    const message = JSON.parse(line);
    if (message.type === 'closed') return lines.close();
    // Other message types may come in later versions: a program ignores what it does not know.
    if (message.type !== 'observation') return;
    process.stdout.write(`${JSON.stringify(policy(message.observation, message.refused ?? null))}\n`);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) serve();
