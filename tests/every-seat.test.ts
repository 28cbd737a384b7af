// Every seat of every scenario can be played to the end: the scripted player in any delegation's seat
// (or the chair's) reaches the close without an internal error, over thirty seeds, walk-outs included:
// on every other seed the seat follows the reckless policy, which walks out when crossed.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seatOfRole, type Role } from '../src/domain/state.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { autopilot } from '../src/ai/autopilot.ts';
import { policyFor } from '../src/ai/policies.ts';
import { scenario } from './helpers.ts';

const SEEDS = 30;
const ids = readdirSync('scenarios')
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe.each(ids)('%s', (id) => {
  const s = scenario(id);
  const roles: Role[] = ['CHAIR', ...s.delegations.filter((d) => d.id !== s.presidency.chair).map((d) => d.id)];
  it(`every one of its ${roles.length} seats plays ${SEEDS} games to the close`, () => {
    let walkedOutPlayers = 0;
    for (const role of roles) {
      for (let seed = 1; seed <= SEEDS; seed++) {
        const m = Meeting.open(s, { seed: `seat-${seed}`, role, difficulty: 'standard' });
        const seat = seatOfRole(s, role);
        const policy = seat && seed % 2 === 1 ? policyFor(s, seat, 'reckless') : autopilot;
        expect(() => playOut(m, policy), `${id} as ${role}, seed ${seed}`).not.toThrow();
        expect(m.closed).toBe(true);
        expect(m.fault).toBeNull();
        if (seat && m.state.walkedOut.includes(seat)) walkedOutPlayers++;
      }
    }
    // The sweep is only worth its time if it meets the case that used to stop the game: the player's own walk-out.
    if (id === 'new-delhi-fmm-2023') expect(walkedOutPlayers).toBeGreaterThan(0);
  }, 120_000);
});
