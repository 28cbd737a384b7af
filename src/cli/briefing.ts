// `communique briefing --scenario <id> [--out <dir>]`: the printable briefing pack read from the
// scenario — the chair's brief, a role card per delegation, and the whole pack in one file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { briefingPackHtml, chairBriefPage, roleCardPage } from '../print/briefing-pack-html.ts';
import { CliError, EXIT, loadScenario } from './io.ts';
import { cliTr, say } from './words.ts';

export function cmdBriefing(args: string[]): number {
  let values: { scenario?: string; out?: string };
  try {
    ({ values } = parseArgs({ args, options: { scenario: { type: 'string' }, out: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new CliError(say('cli.err.see-help', { problem: (error as Error).message.split('\n')[0] }));
  }
  if (!values.scenario) throw new CliError(say('cli.err.needs-option', { command: 'briefing', option: '--scenario <id|path>' }));
  const { scenario } = loadScenario(values.scenario);
  const out = values.out ?? `briefing-${scenario.meta.id}`;
  const files: [string, string][] = [
    ['index.html', briefingPackHtml(scenario, cliTr())],
    ['chair.html', chairBriefPage(scenario, cliTr())],
    ...scenario.delegations.map((d): [string, string] => [`${d.id}.html`, roleCardPage(scenario, d.id, cliTr())]),
  ];
  try {
    mkdirSync(out, { recursive: true });
    for (const [name, html] of files) writeFileSync(join(out, name), html);
  } catch (error) {
    throw new CliError(say('cli.err.cannot-write-briefing', { out, why: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
  process.stdout.write(`${say('briefing.wrote', { title: scenario.meta.title, out, count: scenario.delegations.length })}\n`);
  return EXIT.ok;
}
