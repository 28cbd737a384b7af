// The rules of the meeting by their meaning: consensus, red lines, brackets, the clock, hidden
// information and typed refusals — on a three-delegation fixture (Chairland chairs; Westia and
// Eastia disagree about the war paragraph).
import { describe, expect, it } from 'vitest';
import { Meeting } from '../src/engine/meeting.ts';
import { mini } from './helpers.ts';
import type { Command } from '../src/domain/commands.ts';
import { stanceBasis } from '../src/domain/stance.ts';
import { narrate, wordsFor } from '../src/narrate/en.ts';
import type { LogRecord } from '../src/domain/log.ts';

const scenario = mini();
const open = (role: 'CHAIR' | 'OBSERVER' | string = 'CHAIR', seed = 's') =>
  Meeting.open(scenario, { seed, role, difficulty: 'standard' });
const basis = (m: Meeting, d: string, p: string) => stanceBasis(scenario, m.state, d, p);
const words = (records: readonly LogRecord[]) => records.map((r) => narrate(r, wordsFor(scenario))).join('\n');
const send = (m: Meeting, c: Command) => {
  const r = m.send(c);
  if (!r.ok) throw new Error(r.refusal.message);
};
/** Moves a chair game from the dinner to the working session. */
const toWorkingSession = (m: Meeting) => send(m, { type: 'end-slot', actor: 'AAA' });

describe('the consensus rule', () => {
  it('one objection keeps a paragraph out', () => {
    const m = open();
    toWorkingSession(m);
    // The strong wording of the split paragraph: Eastia objects (utility -60), the others accept.
    expect(m.state.stances.split!.CCC).toBe('object');
    send(m, { type: 'call-adoption', actor: 'AAA', paragraph: 'split' });
    expect(m.state.draft.split!.status).toBe('open');
    expect(m.state.draft.split!.dissenters).toEqual(['CCC']);
  });
  it('a wording nobody objects to is adopted', () => {
    const m = open();
    toWorkingSession(m);
    send(m, { type: 'propose', actor: 'AAA', paragraph: 'split', variant: 'bridge' });
    send(m, { type: 'call-adoption', actor: 'AAA', paragraph: 'split' });
    expect(m.state.draft.split!.status).toBe('adopted');
    expect(m.outcome().paragraphs.find((p) => p.id === 'split')!.agreedByAll).toBe(true);
  });
  it('an explicit bracket keeps a paragraph out even from a delegation that likes the text', () => {
    const m = open('BBB');
    send(m, { type: 'end-slot', actor: 'BBB' });
    send(m, { type: 'bracket', actor: 'BBB', paragraph: 'war' });
    expect(m.state.stances.war!.BBB).toBe('reserve');
    expect(basis(m, 'BBB', 'war').bracketed).toBe(true);
    expect(m.log.at(-1)).toMatchObject({ kind: 'stance', actor: 'BBB', to: 'reserve', cause: { code: 'bracketed' } });
    send(m, { type: 'unbracket', actor: 'BBB', paragraph: 'war' });
    expect(m.state.stances.war!.BBB).toBe('accept');
  });
});

describe('red lines', () => {
  it('Eastia blocks the "most members condemned" formula whatever lobbying it receives', () => {
    const m = open();
    toWorkingSession(m);
    for (let i = 0; i < 4; i++) send(m, { type: 'lobby', actor: 'AAA', target: 'CCC', paragraph: 'war', approach: 'interest' });
    expect(m.state.flex.CCC!.war).toBeGreaterThanOrEqual(0);
    expect(m.state.stances.war!.CCC).toBe('block');
    expect(basis(m, 'CCC', 'war').redLine).toBe(true);
  });
  it('lobbying moves a delegation that merely objects', () => {
    // Over many seeds, some lobbying succeeds and lifts Eastia's objection to the strong split wording.
    let moved = 0;
    for (let seed = 0; seed < 20; seed++) {
      const m = open('CHAIR', `lobby-${seed}`);
      toWorkingSession(m);
      send(m, { type: 'lobby', actor: 'AAA', target: 'CCC', paragraph: 'split', approach: 'interest' });
      if (m.state.flex.CCC!.split! > 0) moved++;
    }
    expect(moved).toBeGreaterThan(3);
    expect(moved).toBeLessThan(20);
  });
});

describe('refusals carry a typed reason', () => {
  it('no text is tabled over dinner', () => {
    const m = open();
    expect(m.send({ type: 'propose', actor: 'AAA', paragraph: 'war', variant: 'silent' })).toMatchObject({
      ok: false,
      refusal: { code: 'not-in-this-session' },
    });
  });
  it('only the chair records a footnote, and only at the final reading after a failed adoption', () => {
    const m = open();
    toWorkingSession(m);
    expect(m.send({ type: 'record-footnote', actor: 'AAA', paragraph: 'war' })).toMatchObject({ refusal: { code: 'not-in-this-session' } });
    send(m, { type: 'end-slot', actor: 'AAA' });
    expect(m.send({ type: 'record-footnote', actor: 'AAA', paragraph: 'war' })).toMatchObject({ refusal: { code: 'no-adoption-tried' } });
    const w = open('BBB');
    toFinalReadingAs(w, 'BBB');
    expect(w.send({ type: 'record-footnote', actor: 'BBB', paragraph: 'war' })).toMatchObject({ refusal: { code: 'chair-only' } });
  });
  it('a command that costs more minutes than are left is refused', () => {
    const m = open();
    toWorkingSession(m); // 90 minutes
    for (let i = 0; i < 6; i++) send(m, { type: 'lobby', actor: 'AAA', target: 'BBB', paragraph: 'easy', approach: 'principle' }); // 90
    expect(m.send({ type: 'consult', actor: 'AAA', target: 'CCC', paragraph: 'war' })).toMatchObject({ refusal: { code: 'no-time-left' } });
  });
  it('unknown delegations, paragraphs and variants, and malformed commands, are refused', () => {
    const m = open();
    toWorkingSession(m);
    const before = m.commands.length;
    const hash = m.stateHash();
    expect(m.send({ type: 'consult', actor: 'AAA', target: 'ZZZ', paragraph: 'war' })).toMatchObject({ refusal: { code: 'unknown-delegation' } });
    expect(m.send({ type: 'consult', actor: 'AAA', target: 'CCC', paragraph: 'nope' })).toMatchObject({ refusal: { code: 'unknown-paragraph' } });
    expect(m.send({ type: 'propose', actor: 'AAA', paragraph: 'war', variant: 'nope' })).toMatchObject({ refusal: { code: 'unknown-variant' } });
    expect(m.send({ type: 'shout', actor: 'AAA' })).toMatchObject({ refusal: { code: 'malformed-command' } });
    expect(m.commands.length).toBe(before);
    expect(m.stateHash()).toBe(hash);
  });
  it('only the instructor pauses; a paused meeting refuses every move until resumed', () => {
    const m = open();
    expect(m.send({ type: 'pause', actor: 'AAA' })).toMatchObject({ ok: false, refusal: { code: 'instructor-only' } });
    send(m, { type: 'pause', actor: 'INSTRUCTOR' });
    expect(m.phase).toBe('paused');
    expect(m.send({ type: 'consult', actor: 'AAA', target: 'CCC', paragraph: 'war' })).toMatchObject({ refusal: { code: 'meeting-paused' } });
    send(m, { type: 'resume', actor: 'INSTRUCTOR' });
    expect(m.phase).toBe('opening');
  });
});

function toFinalReadingAs(m: Meeting, seat: string) {
  send(m, { type: 'end-slot', actor: seat });
  send(m, { type: 'end-slot', actor: seat });
}

describe('the meeting clock', () => {
  it('runs opening → working session → final reading → closed', () => {
    const m = open();
    expect(m.phase).toBe('opening');
    toWorkingSession(m);
    expect(m.phase).toBe('inSession');
    send(m, { type: 'end-slot', actor: 'AAA' });
    expect(m.phase).toBe('finalReading');
    send(m, { type: 'end-slot', actor: 'AAA' });
    expect(m.phase).toBe('closed');
    expect(m.send({ type: 'end-slot', actor: 'AAA' })).toMatchObject({ refusal: { code: 'meeting-closed' } });
  });
  it('the deadline makes low-salience delegations give way at the final reading', () => {
    const m = open('BBB');
    toFinalReadingAs(m, 'BBB');
    // Chairland (salience 50) gains floor(50/4) = 12 at the final reading.
    expect(basis(m, 'AAA', 'war').deadline).toBe(12);
  });
});

describe('hidden information', () => {
  it('a delegation sees another\'s red lines only once it has consulted it', () => {
    const m = open('BBB');
    expect(m.view('BBB').positions.CCC).toBeUndefined();
    send(m, { type: 'consult', actor: 'BBB', target: 'CCC', paragraph: 'war' });
    expect(m.view('BBB').positions.CCC!.war!.redLines).toEqual(['condemn', 'formula']);
    expect(m.view('BBB').positions.CCC!.split).toBeUndefined();
  });
  it('a consultation is private to those who took part; the instructor sees everything', () => {
    const m = open('BBB');
    send(m, { type: 'consult', actor: 'BBB', target: 'CCC', paragraph: 'war' });
    const text = (v: ReturnType<Meeting['view']>) => words(v.transcript);
    expect(text(m.view('BBB'))).toMatch(/consults Eastia/);
    expect(text(m.view('CHAIR'))).not.toMatch(/Westia consults Eastia/);
    expect(m.view('INSTRUCTOR').positions.CCC!.war!.redLines).toEqual(['condemn', 'formula']);
  });
});

describe('every AI move and stance change has a reason', () => {
  it('stance entries in the transcript say why', () => {
    const m = open('OBSERVER');
    while (!m.closed) send(m, { type: 'advance-slot', actor: 'INSTRUCTOR' });
    const stanceEntries = m.log.filter((e) => e.kind === 'stance');
    expect(stanceEntries.length).toBeGreaterThan(0);
    for (const e of stanceEntries) {
      expect(e.cause.code).toMatch(/^[a-z-]+$/);
      expect(narrate(e, wordsFor(scenario))).toMatch(/^\S+ now (supports|accepts|reserves its position on|objects to|blocks) .+ — .+\.$/);
    }
    // Every command the AI gave carries its reason as a code, and the transcript words it.
    const ai = m.commands.filter((c) => c.actor !== 'INSTRUCTOR' && c.type !== 'end-slot');
    expect(ai.length).toBeGreaterThan(0);
    for (const c of ai) expect('reason' in c && c.reason?.code).toBeTruthy();
  });
});

describe('the classroom commands', () => {
  it('a bilateral message is seen by the two delegations and the instructor only', () => {
    const m = open('BBB');
    send(m, { type: 'message', actor: 'BBB', target: 'CCC', text: 'Can you live with the bridging text?' });
    const has = (v: ReturnType<Meeting['view']>) => v.transcript.some((e) => e.kind === 'message' && e.text.includes('bridging text'));
    expect(has(m.view('CCC'))).toBe(true);
    expect(has(m.view('CHAIR'))).toBe(false);
    expect(has(m.view('INSTRUCTOR'))).toBe(true);
  });
  it('the instructor hands a seat from the AI to a student and back', () => {
    const m = open('BBB');
    send(m, { type: 'assign-seat', actor: 'INSTRUCTOR', delegation: 'CCC', to: 'human' });
    expect(m.state.humanSeats).toEqual(['BBB', 'CCC']);
    // The slot waits for both people now.
    send(m, { type: 'end-slot', actor: 'BBB' });
    expect(m.state.clock.session).toBe(0);
    send(m, { type: 'assign-seat', actor: 'INSTRUCTOR', delegation: 'CCC', to: 'ai' });
    expect(m.state.humanSeats).toEqual(['BBB']);
    expect(m.state.clock.session).toBe(1);
    expect(m.send({ type: 'assign-seat', actor: 'BBB', delegation: 'CCC', to: 'human' })).toMatchObject({ refusal: { code: 'instructor-only' } });
  });
  it('a class is seated while the meeting is paused, and nothing moves until it resumes', () => {
    const m = open('OBSERVER');
    send(m, { type: 'pause', actor: 'INSTRUCTOR' });
    send(m, { type: 'assign-seat', actor: 'INSTRUCTOR', delegation: 'BBB', to: 'human' });
    send(m, { type: 'assign-seat', actor: 'INSTRUCTOR', delegation: 'CCC', to: 'human' });
    send(m, { type: 'assign-seat', actor: 'INSTRUCTOR', delegation: 'CCC', to: 'ai' });
    expect(m.state.humanSeats).toEqual(['BBB']);
    expect(m.state.clock).toEqual({ session: 0, slot: 0 });
    expect(m.send({ type: 'end-slot', actor: 'BBB' })).toMatchObject({ refusal: { code: 'meeting-paused' } });
    send(m, { type: 'resume', actor: 'INSTRUCTOR' });
    send(m, { type: 'end-slot', actor: 'BBB' });
    expect(m.state.clock.session).toBe(1);
  });
  it('adjourning closes the meeting at once', () => {
    const m = open('OBSERVER');
    send(m, { type: 'adjourn', actor: 'INSTRUCTOR' });
    expect(m.closed).toBe(true);
    expect(m.phase).toBe('closed');
  });
});

describe('walk-outs', () => {
  it('a player who walks out is gone from the room, and the meeting goes on without it', () => {
    const m = open('CCC');
    send(m, { type: 'walk-out', actor: 'CCC' });
    expect(m.state.walkedOut).toEqual(['CCC']);
    expect(m.state.stances.war!.CCC).toBeUndefined();
    // Nobody is left to end the dinner, so the meeting moves on by itself.
    expect(m.phase).toBe('inSession');
    expect(m.send({ type: 'consult', actor: 'AAA', target: 'CCC', paragraph: 'war' })).toMatchObject({ refusal: { code: 'walked-out' } });
  });
  it('the instructor can undo a walk-out: the delegation is back at the table, with the slot\'s time and its stances, dissenting no more', () => {
    const m = open('OBSERVER');
    send(m, { type: 'pause', actor: 'INSTRUCTOR' });
    // Two people's seats: one walking out does not complete the slot, which stays as it was.
    send(m, { type: 'assign-seat', actor: 'INSTRUCTOR', delegation: 'BBB', to: 'human' });
    send(m, { type: 'assign-seat', actor: 'INSTRUCTOR', delegation: 'CCC', to: 'human' });
    send(m, { type: 'resume', actor: 'INSTRUCTOR' });
    send(m, { type: 'advance-slot', actor: 'INSTRUCTOR' });
    const stance = m.state.stances.war!.CCC;
    expect(stance).toBeDefined();
    const minutes = m.state.minutesLeft.CCC;
    const clock = { ...m.state.clock };
    send(m, { type: 'walk-out', actor: 'CCC' });
    expect(m.state.clock).toEqual(clock);
    expect(m.outcome().walkedOut).toEqual(['CCC']);
    // Only the instructor readmits, only a delegation that walked out, and never mid-way through the closing turns.
    expect(m.check({ type: 'readmit', actor: 'CCC', delegation: 'CCC' })?.code).toBe('instructor-only');
    expect(m.check({ type: 'readmit', actor: 'INSTRUCTOR', delegation: 'AAA' })?.code).toBe('already-so');
    expect(m.check({ type: 'readmit', actor: 'INSTRUCTOR', delegation: 'ZZZ' })?.code).toBe('unknown-delegation');
    const at = m.log.length;
    send(m, { type: 'readmit', actor: 'INSTRUCTOR', delegation: 'CCC' });
    expect(m.state.walkedOut).toEqual([]);
    expect(m.state.stances.war!.CCC).toBe(stance);
    expect(m.state.minutesLeft.CCC).toBe(minutes);
    expect(m.log.slice(at).map((r) => r.kind)).toEqual(['readmitted']);
    expect(words(m.log.slice(at))).toBe('Cornland returns to the table: the instructor withdraws its walk-out.'.replace('Cornland', scenario.delegations.find((d) => d.id === 'CCC')!.name));
    expect(m.outcome().walkedOut).toEqual([]);
    // Back in the room: it is consulted and acts again.
    send(m, { type: 'consult', actor: 'CCC', target: 'AAA', paragraph: 'war' });
    expect(m.check({ type: 'readmit', actor: 'INSTRUCTOR', delegation: 'CCC' })?.code).toBe('already-so');
  });
});
