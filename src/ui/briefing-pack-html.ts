// The briefing pack as printable HTML: one role card per page and the chair's brief, self-contained,
// for the command line to write to files and for the browser to open in a tab and print.
import { chairBrief, roleCard, type ChairBrief, type RoleCard } from '../domain/briefing-pack.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { escapeHtml as e } from './debrief/report.ts';
import { longDate } from './words.ts';

const CSS = `
body{font:14px/1.45 "Liberation Sans",Arial,sans-serif;color:#1b2a3a;margin:0;background:#f7f5f0}
.sheet{background:#fff;max-width:48rem;margin:1.2rem auto;padding:1.6rem 2rem;border:1px solid #c9cfd6;border-radius:6px}
.kicker{text-transform:uppercase;letter-spacing:.12em;font-size:.75rem;color:#4a5868;margin:0}
h1{font-family:"Liberation Serif",Georgia,serif;font-size:1.7rem;margin:.1rem 0 .2rem}
h2{font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;color:#005a9c;margin:1rem 0 .3rem;border-bottom:1px solid #c9cfd6}
.head{color:#4a5868;margin:0 0 .4rem}
ul{margin:.2rem 0;padding-left:1.2rem}li{margin:.15rem 0}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border-bottom:1px solid #dde2e8;padding:.25rem .35rem;text-align:left;vertical-align:top}
.tools{max-width:48rem;margin:1rem auto 0;display:flex;gap:.5rem;align-items:center}
.tools button{font:inherit;font-weight:700;padding:.4rem .9rem;border-radius:6px;border:1px solid #005a9c;background:#005a9c;color:#fff;cursor:pointer}
.note{font-size:.8rem;color:#4a5868}
@media print{body{background:#fff}.tools{display:none}.sheet{border:0;margin:0;max-width:none;padding:0;page-break-after:always;break-after:page}}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${CSS}</style></head>
<body><div class="tools"><button type="button" onclick="print()">Print</button><span class="note">One card per page; the browser's print dialog also saves a PDF.</span></div>
${body}
</body></html>
`;
}

function list(items: string[], empty: string): string {
  return items.length > 0 ? `<ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>` : `<p>${e(empty)}</p>`;
}

export function roleCardHtml(scenario: Scenario, card: RoleCard): string {
  return `<section class="sheet role-card" id="card-${e(card.id)}">
<p class="kicker">${e(scenario.meta.title)} · ${e(longDate(scenario.meta.date))} · role card</p>
<h1>${e(card.name)}${card.chair ? ' (the presidency)' : ''}</h1>
<p class="head">${e(card.head)}${card.blocs.length > 0 ? ` · ${e(card.blocs.join(', '))}` : ''}</p>
<h2>Priorities</h2>
<ul>${card.priorities.map((p) => `<li><strong>${e(p.title)}</strong> (you care ${p.salience >= 70 ? 'a great deal' : p.salience >= 40 ? 'somewhat' : 'little'}): you want ${e(p.wants)}.<br><span class="note">Your instructions: ${e(p.reason)}</span></li>`).join('')}</ul>
<h2>Red lines</h2>
${list(card.redLines.map((r) => `${r.title}: you block ${r.wording}.`), 'None: everything is negotiable, at a price.')}
<h2>Allies</h2>
${list(card.allies.map((a) => `${a.name} — ${a.why}`), 'No close friends in this room.')}
<h2>Likely opponents</h2>
${list(card.opponents.map((o) => `${o.name} — ${o.why}`), 'Nobody stands squarely against you.')}
<h2>Talking points</h2>
${list(card.talkingPoints, '')}
<h2>How you are best persuaded</h2>
<p>${e(card.receptive.join(' › '))}</p>
<h2>Sources</h2>
${list(card.sources.map((s) => `${s.title}${s.url ? ` — ${s.url}` : ''}`), '')}
</section>`;
}

export function chairBriefHtml(scenario: Scenario, brief: ChairBrief): string {
  return `<section class="sheet chair-brief" id="chair-brief">
<p class="kicker">${e(scenario.meta.title)} · ${e(longDate(scenario.meta.date))} · ${e(scenario.meta.place)}</p>
<h1>The chair's brief</h1>
<p class="head">${e(brief.chair)} holds the presidency${brief.troika.length > 0 ? `; troika: ${e(brief.troika.join(', '))}` : ''}.</p>
<p>${e(scenario.meta.summary)}</p>
<h2>The schedule</h2>
<ul>${brief.schedule.map((s) => `<li><strong>${e(s.title)}</strong> (${e(s.kind)}): ${s.slots.map((x) => `${e(x.title)}, ${x.minutes} min`).join('; ')}</li>`).join('')}</ul>
<h2>The text, paragraph by paragraph</h2>
<table><thead><tr><th>Paragraph</th><th>Ladder of wordings (strongest first) and who blocks each</th><th>Wording nobody blocks</th><th>Cares most</th></tr></thead><tbody>
${brief.paragraphs
  .map(
    (p) =>
      `<tr><td><strong>${e(p.title)}</strong><br><span class="note">importance ${p.importance}${p.droppable ? ', may be dropped' : ''}</span></td><td><ol>${p.ladder
        .map((l) => `<li>${e(l.label)}${l.blockedBy.length > 0 ? ` — <em>blocked by ${e(l.blockedBy.join(', '))}</em>` : ''}</li>`)
        .join('')}</ol></td><td>${e(p.bridge ?? 'none: someone blocks every wording')}</td><td>${e(p.mostInterested.join(', '))}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
<h2>News that may break</h2>
${list(brief.events.map((ev) => `${ev.title} — ${ev.when}`), 'None scheduled.')}
<h2>Bridge-builders</h2>
<p>${e(brief.brokers.length > 0 ? brief.brokers.join(', ') : 'No delegation sees itself as a broker.')}</p>
<h2>Your tools</h2>
<ul><li>Table a wording, call for adoption: one objection keeps a paragraph out.</li><li>At the final reading: keep a paragraph with a footnote naming the dissenters, or move it to your own Chair's Summary.</li><li>The ladder of outcomes: joint communiqué › with footnotes › outcome document with a dissociation › Chair's Summary and Outcome Document › chair's statement.</li></ul>
</section>`;
}

/** The whole pack: the chair's brief, then a card for every delegation in the scenario's order. */
export function briefingPackHtml(scenario: Scenario): string {
  const cards = scenario.delegations.map((d) => roleCardHtml(scenario, roleCard(scenario, d.id)));
  return page(`Briefing pack — ${scenario.meta.title}`, [chairBriefHtml(scenario, chairBrief(scenario)), ...cards].join('\n'));
}

export function roleCardPage(scenario: Scenario, delegationId: string): string {
  const card = roleCard(scenario, delegationId);
  return page(`${card.name} — ${scenario.meta.title}`, roleCardHtml(scenario, card));
}

export function chairBriefPage(scenario: Scenario): string {
  return page(`The chair's brief — ${scenario.meta.title}`, chairBriefHtml(scenario, chairBrief(scenario)));
}
