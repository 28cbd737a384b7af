// The engine never swallows its own errors: a fault inside the rules stops the meeting with a clear
// message, the faulty command is not logged as applied, and nothing after it is accepted either.
import { describe, expect, it } from 'vitest';
import { Meeting } from '../src/engine/meeting.ts';
import { saveOf, resume } from '../src/engine/replay.ts';
import { mini } from './helpers.ts';

describe('an internal fault', () => {
  it('stops the meeting, logs nothing for the faulty command, and refuses every later one with the same reason', () => {
    const scenario = mini();
    const m = Meeting.open(scenario, { seed: 'fault', role: 'CHAIR', difficulty: 'standard' });
    m.send({ type: 'end-slot', actor: 'AAA' });
    const before = m.commands.length;
    // Sabotage the scenario object under the running meeting: the rules will meet a missing position.
    const eastia = scenario.delegations.find((d) => d.id === 'CCC')!;
    const saved = eastia.positions.war;
    delete (eastia.positions as Record<string, unknown>).war;
    const result = m.send({ type: 'lobby', actor: 'AAA', target: 'CCC', paragraph: 'war', approach: 'principle' });
    eastia.positions.war = saved!;
    expect(result).toMatchObject({ ok: false, refusal: { code: 'internal-fault' } });
    if (!result.ok) expect(result.refusal.message).toMatch(/lobby by AAA at step \d+ failed inside the rules/);
    expect(m.commands.length).toBe(before);
    expect(m.fault).toMatch(/stopped/);
    const next = m.send({ type: 'end-slot', actor: 'AAA' });
    expect(next).toMatchObject({ ok: false, refusal: { code: 'internal-fault' } });
    expect(m.commands.length).toBe(before);
  });

  it('leaves a save that resumes only what was truly applied', () => {
    const scenario = mini();
    const m = Meeting.open(scenario, { seed: 'fault-save', role: 'CHAIR', difficulty: 'standard' });
    m.send({ type: 'end-slot', actor: 'AAA' });
    const save = JSON.parse(JSON.stringify(saveOf(m)));
    const resumed = resume(mini(), save);
    expect(resumed.ok).toBe(true);
    if (resumed.ok) expect(resumed.meeting.stateHash()).toBe(m.stateHash());
    // A save claiming a state its log does not reach is refused, naming why, never resumed silently.
    save.final.stateHash = '0'.repeat(64);
    const refused = resume(mini(), save);
    expect(refused).toMatchObject({ ok: false, problem: { kind: 'diverged' } });
  });
});
