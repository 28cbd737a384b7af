// The debrief's analytics read like the meeting: distance to consensus falls as paragraphs are
// adopted, reasons and results are read from the typed log's records (never from their sentences),
// lobbying that worked is credited to the lobbyist through lobbied records and stance causes, and the briefing pack names each delegation's red lines, friends and opponents from the data.
import { describe, expect, it } from 'vitest';
import { historicalMatch } from '../src/domain/outcome.ts';
import { readFileSync } from 'node:fs';
import {
  actionsOf,
  csvField,
  debriefOf,
  distanceAt,
  gapOf,
  influenceNetwork,
  keyMoments,
  recordComparison,
  resultOf,
  snapshotOf,
  stanceGridCsv,
} from '../src/domain/debrief.ts';
import { chairBrief, roleCard } from '../src/domain/briefing-pack.ts';
import { REASON_CODES, type LogRecord, type RecordOf } from '../src/domain/log.ts';
import { scoreOf } from '../src/domain/score.ts';
import { readReplay } from '../src/engine/replay.ts';
import { EN, narrate, wordsFor, type NarrationTable } from '../src/narrate/en.ts';
import { timelineOf } from '../src/engine/timeline.ts';
import { scenario } from './helpers.ts';
import { ENGLISH } from '../src/i18n/english.ts';
import { use } from '../src/i18n/index.ts';

// The viewer's words come from the page's language, as in the browser after startLanguage: English here.
use(ENGLISH);

function golden(name: string) {
  const read = readReplay(JSON.parse(readFileSync(`tests/golden/${name}`, 'utf8')));
  if (!read.ok) throw new Error(read.problem.message);
  const s = scenario(read.replay.scenario.id);
  const result = timelineOf(s, read.replay);
  if (!result.ok) throw new Error(result.problem.message);
  const { timeline } = result;
  const outcome = timeline.meeting.outcome();
  const { log, state } = timeline.meeting;
  return { s, timeline, log, debrief: debriefOf(s, timeline.snapshots, state, log, outcome, scoreOf(s, state, outcome), EN) };
}

const is =
  <K extends LogRecord['kind']>(kind: K) =>
  (r: LogRecord): r is RecordOf<K> =>
    r.kind === kind;

/** A narration table that words every reason and cause by its code alone. */
const CODES: NarrationTable = { ...EN, reason: (r) => `<${r.code}>`, cause: (c) => `<${c.code}>` };

describe('distance to consensus', () => {
  it('counts an objection once and a red line twice, and nothing for those who join consensus', () => {
    expect([gapOf('support'), gapOf('accept'), gapOf('reserve'), gapOf('object'), gapOf('block'), gapOf(undefined)]).toEqual([0, 0, 0, 1, 2, 0]);
  });
  it('is the importance-weighted sum of objections over paragraphs not yet adopted', () => {
    const { s, timeline } = golden('new-delhi-fmm-2023.chair.seed-1.replay.json');
    const snap = timeline.snapshots[0]!;
    let expected = 0;
    for (const p of s.paragraphs) for (const d of s.delegations) expected += p.importance * gapOf(snap.stances[p.id]?.[d.id]);
    expect(distanceAt(s, snap)).toBe(expected);
    expect(expected).toBeGreaterThan(0);
  });
  it('keeps a snapshot per step, each with the stances the engine held then', () => {
    const { s, timeline, debrief } = golden('tutorial.chair.seed-1.replay.json');
    expect(timeline.snapshots.length).toBe(timeline.replay.commands.length + 1);
    expect(timeline.snapshots.at(-1)).toEqual(snapshotOf(s, timeline.meeting.state));
    expect(debrief.distance.length).toBe(timeline.snapshots.length);
    // Every paragraph of the tutorial is agreed in the end: nothing stands between the text and consensus.
    expect(debrief.distance.at(-1)).toBe(0);
  });
});

describe('reading the log', () => {
  it('takes a seat’s reason from the code on its record, worded by the narration table', () => {
    const { s, log } = golden('new-delhi-fmm-2023.chair.seed-1.replay.json');
    const w = wordsFor(s);
    const actions = actionsOf(s, log, EN);
    const reasoned = actions.filter((a) => {
      const r = log[a.index]!;
      return r.kind !== 'stance' && 'reason' in r && r.reason !== undefined;
    });
    expect(reasoned.length).toBeGreaterThan(0);
    for (const a of reasoned) {
      const r = log[a.index] as LogRecord & { reason: NonNullable<RecordOf<'lobbied'>['reason']> };
      expect(REASON_CODES).toContain(r.reason.code);
      expect(a.reason).toBe(EN.reason(r.reason, w));
      expect(a.text).toBe(narrate(r, w));
    }
    // Swap the words and the reasons follow the codes, not any sentence.
    const coded = actionsOf(s, log, CODES);
    for (const a of reasoned) expect(coded.find((c) => c.index === a.index)!.reason).toBe(`<${(log[a.index] as RecordOf<'lobbied'>).reason!.code}>`);
    // A lobbying record with no reason is explained by its approach.
    const plain = actions.filter((a) => a.kind === 'lobbied' && !(log[a.index] as RecordOf<'lobbied'>).reason);
    for (const a of plain) expect(a.reason).toMatch(/^an? appeal|^pressure/);
  });
  it('reads the stance a change announces from its record: the result is the new stance, the reason its cause', () => {
    const s = scenario('new-delhi-fmm-2023');
    const ukraine = s.paragraphs.find((p) => p.id === 'ukraine-war')!;
    const variant = ukraine.variants[0]!.id;
    const records: LogRecord[] = [
      { step: 1, slot: 0, kind: 'stance', actor: 'RU', paragraph: 'ukraine-war', variant, from: 'object', to: 'block', cause: { code: 'lobbied', by: 'US', approach: 'bloc-pressure' } },
      { step: 2, slot: 0, kind: 'stance', actor: 'ZA', paragraph: 'ukraine-war', variant, from: 'object', to: 'reserve', cause: { code: 'linkage', with: 'IN' } },
    ];
    const [ru, za] = actionsOf(s, records, EN);
    expect(ru).toMatchObject({ kind: 'stance', actor: 'RU', paragraph: 'ukraine-war', result: 'block' });
    expect(za).toMatchObject({ kind: 'stance', actor: 'ZA', paragraph: 'ukraine-war', result: 'reserve' });
    expect(ru!.reason).toBe("United States's pressure from a shared bloc");
    expect(za!.reason).toBe('its linkage with India');
    expect(ru!.text).toMatch(/^Russia now blocks .* \(was: object\) — hardened by United States's pressure from a shared bloc\.$/);
    expect(za!.text).toMatch(/^South Africa now reserves its position on .* \(was: object\) — moved by its linkage with India\.$/);
    // The cause, not the sentence, credits the mover.
    const network = influenceNetwork(s, records);
    expect(network).toEqual([
      { from: 'US', to: 'RU', attempts: 0, successes: 0, stanceMoves: 1 },
      { from: 'IN', to: 'ZA', attempts: 0, successes: 0, stanceMoves: 1 },
    ]);
  });
  it('gives every lobbying attempt a result, and credits the lobbyist when a stance moves because of it', () => {
    const { s, log } = golden('new-delhi-fmm-2023.chair.seed-1.replay.json');
    const actions = actionsOf(s, log, EN);
    const clock = new Set(['opened', 'slot-opened', 'closed', 'pause', 'seat', 'slot-closed-by-instructor']);
    expect(actions.length).toBe(log.filter((r) => !clock.has(r.kind)).length);
    const lobbied = log.filter(is('lobbied'));
    const lobbying = actions.filter((a) => a.kind === 'lobbied');
    expect(lobbying.length).toBe(lobbied.length);
    expect(lobbying.length).toBeGreaterThan(0);
    expect(new Set(lobbying.map((a) => a.result))).toEqual(new Set(['moved', 'not-moved']));
    for (const a of lobbying) expect(a.result).toBe((log[a.index] as RecordOf<'lobbied'>).moved ? 'moved' : 'not-moved');
    const network = influenceNetwork(s, log);
    const edge = (from: string, to: string) => network.find((e) => e.from === from && e.to === to);
    for (const r of lobbied.filter((r) => r.moved && r.actor !== r.target)) expect(edge(r.actor, r.target)!.successes).toBeGreaterThan(0);
    // Every stance moved by lobbying is counted on the lobbyist's edge, and on no other.
    const byLobbying = log.filter(is('stance')).filter((r) => r.cause.code === 'lobbied');
    expect(byLobbying.length).toBeGreaterThan(0);
    const expected = new Map<string, number>();
    for (const r of log.filter(is('stance'))) {
      const by = r.cause.code === 'lobbied' ? r.cause.by : r.cause.code === 'linkage' ? r.cause.with : undefined;
      if (by && by !== r.actor) expected.set(`${by}>${r.actor}`, (expected.get(`${by}>${r.actor}`) ?? 0) + 1);
    }
    for (const e of network) expect(e.stanceMoves, `${e.from}>${e.to}`).toBe(expected.get(`${e.from}>${e.to}`) ?? 0);
    for (const r of byLobbying) if (r.cause.code === 'lobbied' && r.cause.by !== r.actor) expect(edge(r.cause.by, r.actor)!.stanceMoves).toBeGreaterThan(0);
  });
  it('gives linkages, brokers, adoptions and footnotes the result their record holds', () => {
    const { s, log } = golden('new-delhi-fmm-2023.chair.seed-1.replay.json');
    for (const r of log) {
      if (r.kind === 'linkage') expect(resultOf(r)).toBe(r.accepted ? 'struck' : 'declined');
      if (r.kind === 'broker') expect(resultOf(r)).toBe(r.accepted ? 'agreed' : 'declined');
      if (r.kind === 'adoption') expect(resultOf(r)).toBe(r.adopted ? 'adopted' : 'no-consensus');
      if (r.kind === 'footnote') expect(resultOf(r)).toBe(r.toSummary ? 'chair-summary' : 'footnoted');
    }
    const results = new Set(actionsOf(s, log).map((a) => `${a.kind}:${a.result}`));
    for (const r of ['adoption:adopted', 'adoption:no-consensus', 'footnote:footnoted', 'linkage:struck']) expect(results).toContain(r);
  });
  it('lists every adoption attempt as a key moment, with whether it went through', () => {
    const { s, log, debrief } = golden('new-delhi-fmm-2023.chair.seed-1.replay.json');
    const calls = log.filter(is('adoption'));
    const attempts = keyMoments(s, log, EN).filter((m) => m.kind === 'adoption');
    expect(attempts.length).toBe(calls.length);
    expect(attempts.map((m) => [m.step, m.paragraph, m.adopted])).toEqual(calls.map((r) => [r.step, r.paragraph, r.adopted]));
    expect(attempts.filter((m) => m.adopted).length).toBe(debrief.actions.filter((a) => a.kind === 'adoption' && a.result === 'adopted').length);
    expect(attempts.some((m) => !m.adopted)).toBe(true);
  });
  it('names the walk-out as a key moment', () => {
    const { s, log, timeline } = golden('new-delhi-fmm-2023.chair.seed-1.replay.json');
    const walkOuts = log.filter(is('walk-out'));
    expect(walkOuts.map((r) => r.actor)).toEqual(timeline.meeting.state.walkedOut);
    expect(keyMoments(s, log, EN).filter((m) => m.kind === 'walk-out').map((m) => m.step)).toEqual(walkOuts.map((r) => r.step));
  });
});

describe('what really happened', () => {
  it('New Delhi played by the autopilot: the Ukraine paragraph withheld by China and Russia, as in the record', () => {
    const { s, timeline, debrief } = golden('new-delhi-fmm-2023.autopilot.seed-1.replay.json');
    const rows = recordComparison(s, timeline.meeting.outcome(), ENGLISH);
    const ukraine = rows.find((r) => r.paragraph === 'ukraine-war')!;
    expect(ukraine.played).toMatch(/\(not China and Russia\)$/);
    expect(ukraine.record).toMatch(/\(not China and Russia\)$/);
    expect(ukraine.same).toBe(true);
    // The rung and the dissenters are the record's; the debrief's verdict is the strict, itemised match.
    const items = historicalMatch(s, timeline.meeting.outcome());
    expect(items.kind && items.dissenters && items.agreement).toBe(true);
    expect(debrief.matchesHistory).toBe(items.all);
  });
  it('New Delhi as the chair: the played column names who withheld the Ukraine paragraph, and says same only when it is the record', () => {
    const { s, timeline, debrief } = golden('new-delhi-fmm-2023.chair.seed-1.replay.json');
    const outcome = timeline.meeting.outcome();
    const rows = recordComparison(s, outcome, ENGLISH);
    const ukraine = rows.find((r) => r.paragraph === 'ukraine-war')!;
    const dissenters = outcome.paragraphs.find((p) => p.id === 'ukraine-war')!.dissenters;
    const named = ENGLISH.list(dissenters.map((id) => s.delegations.find((d) => d.id === id)!.name));
    expect(ukraine.played.endsWith(`(not ${named})`)).toBe(true);
    expect(ukraine.record).toMatch(/\(not China and Russia\)$/);
    const asRecorded = dissenters.join() === 'CN,RU';
    expect(ukraine.same).toBe(asRecorded);
    // A walk-out leaves China alone withholding, unlike the record; otherwise the game is the record's.
    expect(debrief.outcome.walkedOut.includes('RU')).toBe(!asRecorded);
    expect(debrief.matchesHistory).toBe(asRecorded);
  });
});

describe('the stance grid as CSV', () => {
  it('has a row per step and paragraph and a column per delegation, quoting only when needed', () => {
    const { s, timeline } = golden('tutorial.chair.seed-1.replay.json');
    const lines = stanceGridCsv(s, timeline.snapshots).trimEnd().split('\n');
    expect(lines[0]).toBe(['step', 'session', 'slot', 'paragraph', 'status', 'wording', 'withholding', ...s.delegations.map((d) => d.id)].join(','));
    expect(lines.length).toBe(1 + timeline.snapshots.length * s.paragraphs.length);
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
    expect(csvField('plain')).toBe('plain');
  });
});

describe('the briefing pack', () => {
  it('Russia’s role card: its red lines, its BRICS friends, and the West among its opponents', () => {
    const s = scenario('new-delhi-fmm-2023');
    const card = roleCard(s, 'RU', ENGLISH);
    expect(card.redLines.length).toBeGreaterThan(0);
    expect(card.allies.map((a) => a.name)).toContain('China');
    expect(card.opponents.length).toBeGreaterThan(0);
    expect(card.talkingPoints.length).toBe(card.priorities.length);
    expect(card.sources.length).toBeGreaterThan(0);
  });
  it('the Russian and Chinese role cards name the weightiest Western delegations among their likely opponents, from the positions', () => {
    const s = scenario('new-delhi-fmm-2023');
    for (const id of ['RU', 'CN']) {
      const card = roleCard(s, id, ENGLISH);
      const names = card.opponents.map((o) => o.name);
      for (const major of ['United States', 'European Union', 'United Kingdom']) expect(names, `${id}: ${names.join(', ')}`).toContain(major);
      // Friends by affinity never appear as opponents merely for lack of a red line.
      expect(names).not.toContain(id === 'RU' ? 'China' : 'Russia');
    }
  });
  it('the chair’s brief names, for each paragraph, who blocks which wording and a wording nobody blocks', () => {
    const s = scenario('new-delhi-fmm-2023');
    const brief = chairBrief(s, ENGLISH);
    expect(brief.chair).toBe('India');
    expect(brief.paragraphs.length).toBe(s.paragraphs.length);
    const ukraine = brief.paragraphs.find((p) => p.title.startsWith('The war in Ukraine'))!;
    expect(ukraine.ladder.some((l) => l.blockedBy.includes('Russia'))).toBe(true);
    for (const p of brief.paragraphs) if (p.bridge) expect(p.ladder.find((l) => l.label === p.bridge)!.blockedBy).toEqual([]);
  });
});

describe('share links', () => {
  it('carry a replay in the address, compressed, and open at the same state; a damaged one is refused', async () => {
    const { loadShareParam, shareParam } = await import('../src/ui/viewer/load.ts');
    const s = scenario('new-delhi-fmm-2023');
    const byId = (id: string) => (id === s.meta.id ? s : undefined);
    const catalogue = { entries: [], entry: () => undefined, scenarios: [s], problems: [], byId, load: async (id: string) => byId(id), loadAll: async () => {}, provide: () => {} };
    const read = readReplay(JSON.parse(readFileSync('tests/golden/new-delhi-fmm-2023.chair.seed-1.replay.json', 'utf8')));
    if (!read.ok) throw new Error(read.problem.message);
    const param = shareParam(read.replay);
    expect(param).toMatch(/^[A-Za-z0-9+\-$]+$/);
    expect(param.length).toBeLessThan(JSON.stringify(read.replay.commands).length / 2);
    const opened = loadShareParam(param, catalogue);
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.loaded.timeline.replay.commands).toEqual(read.replay.commands);
    expect(opened.loaded.timeline.meeting.stateHash()).toBe(read.replay.final.stateHash);
    expect(opened.loaded.verified).toBe(`verified — ${read.replay.commands.length} commands, 0 of 0 checkpoints compared, final hash matched`);
    const damaged = loadShareParam(param.slice(0, param.length / 2), catalogue);
    expect(damaged.ok).toBe(false);
    // A link whose final hash is not the game's: the state at the last step is not the one shared.
    const forged = loadShareParam(shareParam({ ...read.replay, final: { ...read.replay.final, stateHash: 'f'.repeat(64) } }), catalogue);
    expect(forged.ok).toBe(false);
    if (!forged.ok) expect(forged.message).toMatch(new RegExp(`diverges at step ${read.replay.final.step}: the state there is not the one recorded`));
  });
});
