// `npm run behaviour-digest [-- --seeds N]`: one digest of what the AI does in every built-in scenario —
// the command log (every seat's command with its reason) and final state hash of each game, as observer,
// chair and the first four delegations, under every policy and difficulty — so that a change meant
// only to make the engine faster can be shown to change no decision: the digest before and after match.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { policyFor, POLICY_NAMES } from '../src/ai/policies.ts';
import { commandText } from '../src/domain/commands.ts';
import { DIFFICULTIES, seatOfRole, type Role } from '../src/domain/state.ts';
import { checkScenario } from '../src/domain/validate.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { listScenarioFiles } from '../src/cli/io.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '4' } } });
const seeds = Number(values.seeds);
if (!Number.isInteger(seeds) || seeds < 1 || seeds > 1000) {
  process.stderr.write(`behaviour-digest: --seeds must be a whole number from 1 to 1000, not "${values.seeds}"\n`);
  process.exit(2);
}
const all = createHash('sha256');
let games = 0;
for (const file of listScenarioFiles()) {
  const checked = checkScenario(JSON.parse(readFileSync(file, 'utf8')));
  if (!checked.ok) throw new Error(`${file} is invalid`);
  const s = checked.scenario;
  const digest = createHash('sha256');
  const roles: Role[] = ['OBSERVER', 'CHAIR', ...s.delegations.slice(0, 4).map((d) => d.id)];
  for (const role of roles) {
    for (const policy of POLICY_NAMES) {
      // The observer's game has no player, so no player's policy.
      if (role === 'OBSERVER' && policy !== 'autopilot') continue;
      for (const difficulty of DIFFICULTIES) {
        for (let i = 0; i < seeds; i++) {
          const m = Meeting.open(s, { seed: `digest-${i}`, role, difficulty });
          const seat = seatOfRole(s, role);
          playOut(m, seat === null ? undefined : policyFor(s, seat, policy));
          for (const c of m.commands) digest.update(`${commandText(c)}\n`);
          digest.update(m.stateHash());
          games++;
        }
      }
    }
  }
  const hex = digest.digest('hex').slice(0, 16);
  all.update(hex);
  process.stdout.write(`${s.meta.id.padEnd(28)} ${hex}\n`);
}
process.stdout.write(`all ${games} games: ${all.digest('hex').slice(0, 16)}\n`);
