// The debrief's analytics read like the meeting: distance to consensus falls as paragraphs are
// adopted, reasons are read from the transcript, lobbying that worked is credited to the lobbyist,
// and the briefing pack names each delegation's red lines, friends and opponents from the data.
import { describe, expect, it } from 'vitest';
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
  snapshotOf,
  stanceGridCsv,
  stanceOfEntry,
  trailingReason,
} from '../src/domain/debrief.ts';
import { chairBrief, roleCard } from '../src/domain/briefing-pack.ts';
import { scoreOf } from '../src/domain/score.ts';
import { readReplay } from '../src/engine/replay.ts';
import { timelineOf } from '../src/ui/debrief/timeline.ts';
import { scenario } from './helpers.ts';

function golden(name: string) {
  const read = readReplay(JSON.parse(readFileSync(`tests/golden/${name}`, 'utf8')));
  if (!read.ok) throw new Error(read.problem.message);
  const s = scenario(read.replay.scenario.id);
  const result = timelineOf(s, read.replay);
  if (!result.ok) throw new Error(result.problem.message);
  const { timeline } = result;
  const outcome = timeline.meeting.outcome();
  return { s, timeline, debrief: debriefOf(s, timeline.snapshots, timeline.meeting.state, outcome, scoreOf(s, timeline.meeting.state, outcome)) };
}

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

describe('reading the transcript', () => {
  it('takes an AI seat’s reason from its closing parentheses', () => {
    expect(trailingReason('China lobbies Russia on X with an appeal to principle: Russia is not moved (it wants the text (as it stands) kept).')).toBe(
      'it wants the text (as it stands) kept',
    );
    expect(trailingReason('The chair tables “A” for B.')).toBe('');
  });
  it('reads the stance a change announces', () => {
    const s = scenario('new-delhi-fmm-2023');
    expect(stanceOfEntry(s, { step: 1, slot: 0, kind: 'stance', actor: 'RU', paragraph: 'ukraine-war', text: 'Russia blocks “X”, a red line: because.' })).toBe('block');
    expect(stanceOfEntry(s, { step: 1, slot: 0, kind: 'stance', actor: 'ZA', paragraph: 'ukraine-war', text: 'South Africa reserves its position on “X”: doubts.' })).toBe('reserve');
  });
  it('gives every lobbying attempt a result, and credits the lobbyist when a stance moves because of it', () => {
    const { s, timeline } = golden('new-delhi-fmm-2023.chair.seed-1.replay.json');
    const transcript = timeline.meeting.state.transcript;
    const actions = actionsOf(s, transcript);
    expect(actions.length).toBe(transcript.filter((e) => e.kind !== 'clock').length);
    const lobbying = actions.filter((a) => a.kind === 'lobbying');
    expect(lobbying.length).toBeGreaterThan(0);
    expect(new Set(lobbying.map((a) => a.result))).toEqual(new Set(['moved', 'not moved']));
    const network = influenceNetwork(s, transcript);
    const moved = lobbying.filter((a) => a.result === 'moved');
    for (const a of moved) expect(network.find((e) => e.from === a.actor && e.to === a.target)!.successes).toBeGreaterThan(0);
    expect(network.reduce((n, e) => n + e.stanceMoves, 0)).toBeGreaterThan(0);
  });
  it('lists every adoption attempt as a key moment, with whether it went through', () => {
    const { timeline, debrief } = golden('new-delhi-fmm-2023.chair.seed-1.replay.json');
    const calls = timeline.meeting.state.transcript.filter((e) => e.kind === 'adoption' && e.text.includes('calls for adoption'));
    const attempts = keyMoments(timeline.meeting.state.transcript).filter((m) => m.kind === 'adoption');
    expect(attempts.length).toBe(calls.length);
    expect(attempts.filter((m) => m.adopted).length).toBe(debrief.actions.filter((a) => a.kind === 'adoption' && a.result === 'adopted').length);
  });
});

describe('what really happened', () => {
  it('New Delhi as the chair: the Ukraine paragraph withheld by China and Russia, as in the record', () => {
    const { s, timeline, debrief } = golden('new-delhi-fmm-2023.chair.seed-1.replay.json');
    const rows = recordComparison(s, timeline.meeting.outcome());
    const ukraine = rows.find((r) => r.paragraph === 'ukraine-war')!;
    expect(ukraine.played).toMatch(/\(not CN, RU\)$/);
    expect(ukraine.record).toMatch(/\(not CN, RU\)$/);
    expect(debrief.matchesHistory).toBe(true);
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
    const card = roleCard(s, 'RU');
    expect(card.redLines.length).toBeGreaterThan(0);
    expect(card.allies.map((a) => a.name)).toContain('China');
    expect(card.opponents.length).toBeGreaterThan(0);
    expect(card.talkingPoints.length).toBe(card.priorities.length);
    expect(card.sources.length).toBeGreaterThan(0);
  });
  it('the chair’s brief names, for each paragraph, who blocks which wording and a wording nobody blocks', () => {
    const s = scenario('new-delhi-fmm-2023');
    const brief = chairBrief(s);
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
    const catalogue = { scenarios: [s], problems: [], byId: (id: string) => (id === s.meta.id ? s : undefined) };
    const read = readReplay(JSON.parse(readFileSync('tests/golden/new-delhi-fmm-2023.chair.seed-1.replay.json', 'utf8')));
    if (!read.ok) throw new Error(read.problem.message);
    const param = shareParam(read.replay);
    expect(param).toMatch(/^[A-Za-z0-9+\-$]+$/);
    expect(param.length).toBeLessThan(JSON.stringify(read.replay.commands).length / 2);
    const opened = loadShareParam(param, catalogue);
    if (!opened.ok) throw new Error(opened.message);
    expect(opened.loaded.timeline.replay.commands).toEqual(read.replay.commands);
    expect(opened.loaded.timeline.meeting.stateHash()).toBe(read.replay.checkpoints.at(-1)!.stateHash);
    const damaged = loadShareParam(param.slice(0, param.length / 2), catalogue);
    expect(damaged.ok).toBe(false);
  });
});
