// The briefing pack as printable HTML: one role card per page and the chair's brief, self-contained,
// for the command line to write to files and for the browser to open in a tab and print, in the
// language of the translator each is given.
import { chairBrief, roleCard, type ChairBrief, type RoleCard } from '../domain/briefing-pack.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { escapeHtml as e } from './report.ts';
import type { Translator } from '../i18n/index.ts';

const CSS = `
body{font:14px/1.45 "Liberation Sans",Arial,sans-serif;color:#1b2a3a;margin:0;background:#f7f5f0}
.sheet{background:#fff;max-width:48rem;margin:1.2rem auto;padding:1.6rem 2rem;border:1px solid #c9cfd6;border-radius:6px}
.kicker{text-transform:uppercase;letter-spacing:.12em;font-size:.75rem;color:#4a5868;margin:0}
h1{font-family:"Liberation Serif",Georgia,serif;font-size:1.7rem;margin:.1rem 0 .2rem}
h2{font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;color:#005a9c;margin:1rem 0 .3rem;border-bottom:1px solid #c9cfd6}
.head{color:#4a5868;margin:0 0 .4rem}
ul{margin:.2rem 0;padding-inline-start:1.2rem}li{margin:.15rem 0}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border-bottom:1px solid #dde2e8;padding:.25rem .35rem;text-align:start;vertical-align:top}
.tools{max-width:48rem;margin:1rem auto 0;display:flex;gap:.5rem;align-items:center}
.tools button{font:inherit;font-weight:700;padding:.4rem .9rem;border-radius:6px;border:1px solid #005a9c;background:#005a9c;color:#fff;cursor:pointer}
.note{font-size:.8rem;color:#4a5868}
@media print{body{background:#fff}.tools{display:none}.sheet{border:0;margin:0;max-width:none;padding:0;page-break-after:always;break-after:page}}
`;

function page(tr: Translator, title: string, body: string): string {
  return `<!doctype html>
<html lang="${tr.lang}" dir="${tr.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${CSS}</style></head>
<body><div class="tools"><button type="button" onclick="print()">${e(tr.t('pack.print'))}</button><span class="note">${e(tr.t('pack.print-note'))}</span></div>
${body}
</body></html>
`;
}

function list(items: string[], empty: string): string {
  return items.length > 0 ? `<ul>${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>` : `<p>${e(empty)}</p>`;
}

export function roleCardHtml(scenario: Scenario, card: RoleCard, tr: Translator): string {
  const care = (s: number) => tr.t('pack.care', { how: s >= 70 ? 'much' : s >= 40 ? 'some' : 'little' });
  return `<section class="sheet role-card" id="card-${e(card.id)}">
<p class="kicker">${e(scenario.meta.title)} · ${e(tr.date(scenario.meta.date))} · ${e(tr.t('pack.role-card'))}</p>
<h1>${e(card.chair ? tr.t('pack.presidency-name', { name: card.name }) : card.name)}</h1>
<p class="head">${e(card.head)}${card.blocs.length > 0 ? ` · ${e(tr.list(card.blocs))}` : ''}</p>
<h2>${e(tr.t('pack.priorities'))}</h2>
<ul>${card.priorities.map((p) => `<li><strong>${e(p.title)}</strong> ${e(tr.t('pack.you-want', { care: care(p.salience), wants: p.wants }))}<br><span class="note">${e(tr.t('pack.instructions', { reason: p.reason }))}</span></li>`).join('')}</ul>
<h2>${e(tr.t('pack.red-lines'))}</h2>
${list(card.redLines.map((r) => tr.t('pack.you-block', { title: r.title, wording: r.wording })), tr.t('pack.no-red-lines'))}
<h2>${e(tr.t('pack.allies'))}</h2>
${list(card.allies.map((a) => `${a.name} — ${a.why}`), tr.t('pack.no-allies'))}
<h2>${e(tr.t('pack.opponents'))}</h2>
${list(card.opponents.map((o) => `${o.name} — ${o.why}`), tr.t('pack.no-opponents'))}
<h2>${e(tr.t('pack.talking-points'))}</h2>
${list(card.talkingPoints, '')}
<h2>${e(tr.t('pack.persuaded'))}</h2>
<p>${e(card.receptive.join(tr.dir === 'rtl' ? ' ‹ ' : ' › '))}</p>
<h2>${e(tr.t('pack.sources'))}</h2>
${list(card.sources.map((s) => `${s.title}${s.url ? ` — ${s.url}` : ''}`), '')}
</section>`;
}

export function chairBriefHtml(scenario: Scenario, brief: ChairBrief, tr: Translator): string {
  return `<section class="sheet chair-brief" id="chair-brief">
<p class="kicker">${e(scenario.meta.title)} · ${e(tr.date(scenario.meta.date))} · ${e(scenario.meta.place)}</p>
<h1>${e(tr.t('pack.chair-brief'))}</h1>
<p class="head">${e(tr.t('pack.holds', { chair: brief.chair, troika: tr.list(brief.troika), hasTroika: brief.troika.length > 0 }))}</p>
<p>${e(scenario.meta.summary)}</p>
<h2>${e(tr.t('pack.schedule'))}</h2>
<ul>${brief.schedule.map((s) => `<li><strong>${e(s.title)}</strong> (${e(tr.t(`pack.kind.${s.kind}`))}): ${s.slots.map((x) => e(tr.t('pack.slot', { title: x.title, minutes: x.minutes }))).join('; ')}</li>`).join('')}</ul>
<h2>${e(tr.t('pack.text-h'))}</h2>
<table><thead><tr><th>${e(tr.t('pack.paragraph'))}</th><th>${e(tr.t('pack.ladder'))}</th><th>${e(tr.t('pack.nobody-blocks'))}</th><th>${e(tr.t('pack.cares-most'))}</th></tr></thead><tbody>
${brief.paragraphs
  .map(
    (p) =>
      `<tr><td><strong>${e(p.title)}</strong><br><span class="note">${e(tr.t('pack.importance', { importance: p.importance, droppable: p.droppable }))}</span></td><td><ol>${p.ladder
        .map((l) => `<li>${e(l.label)}${l.blockedBy.length > 0 ? ` — <em>${e(tr.t('pack.blocked-by', { names: tr.list(l.blockedBy) }))}</em>` : ''}</li>`)
        .join('')}</ol></td><td>${e(p.bridge ?? tr.t('pack.no-bridge'))}</td><td>${e(tr.list(p.mostInterested))}</td></tr>`,
  )
  .join('\n')}
</tbody></table>
<h2>${e(tr.t('pack.news'))}</h2>
${list(brief.events.map((ev) => `${ev.title} — ${ev.when}`), tr.t('pack.no-news'))}
<h2>${e(tr.t('pack.brokers'))}</h2>
<p>${e(brief.brokers.length > 0 ? tr.list(brief.brokers) : tr.t('pack.no-brokers'))}</p>
<h2>${e(tr.t('pack.tools'))}</h2>
<ul><li>${e(tr.t('pack.tool-1'))}</li><li>${e(tr.t('pack.tool-2'))}</li><li>${e(tr.t('pack.tool-3'))}</li></ul>
</section>`;
}

/** The whole pack: the chair's brief, then a card for every delegation in the scenario's order. */
export function briefingPackHtml(scenario: Scenario, tr: Translator): string {
  const cards = scenario.delegations.map((d) => roleCardHtml(scenario, roleCard(scenario, d.id, tr), tr));
  return page(tr, tr.t('pack.title', { title: scenario.meta.title }), [chairBriefHtml(scenario, chairBrief(scenario, tr), tr), ...cards].join('\n'));
}

export function roleCardPage(scenario: Scenario, delegationId: string, tr: Translator): string {
  const card = roleCard(scenario, delegationId, tr);
  return page(tr, `${card.name} — ${scenario.meta.title}`, roleCardHtml(scenario, card, tr));
}

export function chairBriefPage(scenario: Scenario, tr: Translator): string {
  return page(tr, `${tr.t('pack.chair-brief')} — ${scenario.meta.title}`, chairBriefHtml(scenario, chairBrief(scenario, tr), tr));
}
