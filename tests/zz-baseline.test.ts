import { it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readReplay, verifyReplay } from '../src/engine/replay.ts';
import { renderDocument, renderTranscript } from '../src/cli/render.ts';
import { scenario } from './helpers.ts';
import { timelineOf } from '../src/ui/debrief/timeline.ts';
import { debriefOf, actionsCsv } from '../src/domain/debrief.ts';
import { scoreOf } from '../src/domain/score.ts';
import { chairBrief, roleCard } from '../src/domain/briefing-pack.ts';
import { ENGLISH } from '../src/i18n/english.ts';
import { EN } from '../src/narrate/en.ts';
const OUT = process.env.BASE_OUT ?? '/tmp/base';
it('baseline', () => {
  for (const file of readdirSync('tests/golden').filter((f) => f.endsWith('.replay.json'))) {
    const read = readReplay(JSON.parse(readFileSync(`tests/golden/${file}`, 'utf8')));
    if (!read.ok) throw new Error('x');
    const sc = scenario(read.replay.scenario.id);
    const r = verifyReplay(sc, read.replay);
    if (!r.ok) throw new Error('y');
    writeFileSync(`${OUT}/${file}.txt`, renderTranscript(sc, r.meeting.log) + renderDocument(sc, r.meeting.outcome()));
    const tl = timelineOf(sc, read.replay);
    if (!tl.ok) throw new Error('z');
    const m = tl.timeline.meeting; const o = m.outcome();
    const d = debriefOf(sc, tl.timeline.snapshots, m.state, m.log, o, scoreOf(sc, m.state, o), EN);
    writeFileSync(`${OUT}/${file}.debrief.json`, JSON.stringify({ ...d, actions: undefined }, null, 1) + actionsCsv(d.actions));
  }
  for (const id of ['tutorial', 'new-delhi-fmm-2023', 'bali-leaders-2022']) {
    const sc = scenario(id);
    writeFileSync(`${OUT}/${id}.brief.json`, JSON.stringify([chairBrief(sc, ENGLISH), ...sc.delegations.map((d) => roleCard(sc, d.id, ENGLISH))], null, 1));
  }
});
