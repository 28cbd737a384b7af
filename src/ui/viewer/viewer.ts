// The replay viewer: open a replay (file, drop or share link), scrub its timeline step by step or
// jump to news and adoption attempts, see the room, the draft and the grid as they stood with every
// change's reason, branch a new game from any step, and open the debrief or compare a section.
import type { KeyMoment } from '../../domain/debrief.ts';
import { indexOf } from '../../domain/scenario-index.ts';
import type { Scenario } from '../../domain/scenario-schema.ts';
import type { ReplayFile } from '../../engine/replay.ts';
import type { Catalogue } from '../catalogue.ts';
import { renderCompare } from '../debrief/compare.ts';
import { renderDebrief } from '../debrief/debrief-view.ts';
import { h, replaceKeepingFocus } from '../dom.ts';
import { flagUrl } from '../flags.ts';
import { stanceIcon, stanceLabel, stanceShort } from '../../print/palette.ts';
import { t as L } from '../../i18n/index.ts';
import { draftPanel, stanceGrid, transcriptEntry, transcriptPanel, type PanelContext } from '../panels.ts';
import { statusWords, wordingOf } from '../room-model.ts';
import { commandWords } from '../words.ts';
import { loadReplayFile, loadShareParam, shareParam, type Loaded, type LoadedReplay } from './load.ts';
import './viewer.css';

export interface ViewerDeps {
  catalogue: Catalogue;
  /** Plays on from `step` of `replay` as a new game whose replay names its parent. */
  branch(scenario: Scenario, replay: ReplayFile, step: number, name: string, parent: LoadedReplay): void;
  close(): void;
  announce(text: string): void;
}

export interface ViewerStart {
  loaded?: LoadedReplay;
  share?: string;
  tab?: Tab;
  /** The game this one branched from, for the debrief's second path. */
  parent?: LoadedReplay;
  /** Shown instead of the file's name in the branch note. */
  notice?: string;
}

type Tab = 'replay' | 'debrief' | 'compare';
type DocTab = 'draft' | 'grid' | 'transcript';

export class ReplayViewer {
  private loaded: LoadedReplay | null = null;
  private parent: LoadedReplay | null = null;
  private step = 0;
  private paragraph = '';
  private tab: Tab = 'replay';
  private docTab: DocTab = 'grid';
  private error: string | null = null;
  private disposeDebrief: (() => void) | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly deps: ViewerDeps,
  ) {
    // Dropping a file anywhere on the viewer opens it; the browser must not navigate to the file.
    root.addEventListener('dragover', (e) => {
      e.preventDefault();
      root.classList.add('dragging');
    });
    root.addEventListener('dragleave', () => root.classList.remove('dragging'));
    root.addEventListener('drop', (e) => {
      e.preventDefault();
      root.classList.remove('dragging');
      const files = [...(e.dataTransfer?.files ?? [])];
      if (this.tab === 'compare') return void this.renderCompareTab(files);
      if (files[0]) void this.openFile(files[0]);
    });
  }

  /** Starts with a loaded replay, a share link, or the empty viewer with its picker. */
  start(start: ViewerStart = {}): void {
    this.parent = start.parent ?? null;
    this.tab = start.tab ?? 'replay';
    if (start.loaded) this.show(start.loaded);
    else if (start.share !== undefined) this.accept(loadShareParam(start.share, this.deps.catalogue));
    else this.render();
  }

  /** What tests read: the step shown and the hash-free facts of the loaded replay. */
  get current(): { step: number; steps: number; name: string } | null {
    return this.loaded ? { step: this.step, steps: this.loaded.debrief.steps, name: this.loaded.name } : null;
  }

  private async openFile(file: File): Promise<void> {
    this.error = null;
    this.renderStatus(L('viewer.reading'));
    this.accept(await loadReplayFile(file, this.deps.catalogue));
  }

  private accept(result: Loaded): void {
    if (!result.ok) {
      this.error = result.message;
      this.deps.announce(result.message);
      this.render();
      return;
    }
    this.parent = this.parent && this.parent.scenario === result.loaded.scenario ? this.parent : null;
    this.show(result.loaded);
  }

  private show(loaded: LoadedReplay): void {
    this.loaded = loaded;
    this.error = null;
    this.step = 0;
    const scenario = loaded.scenario;
    this.paragraph = scenario.paragraphs.find((p) => loaded.debrief.outcome.paragraphs.some((o) => o.id === p.id && !o.agreedByAll))?.id ?? scenario.paragraphs[0]!.id;
    this.render();
    this.deps.announce(L('viewer-file.opened', { name: loaded.name, verified: loaded.verified }));
  }

  // -------------------------------------------------------------------------------------------
  // Moving along the timeline

  private go(step: number): void {
    if (!this.loaded) return;
    this.step = Math.max(0, Math.min(this.loaded.debrief.steps, step));
    this.renderReplay(true);
    this.deps.announce(this.stepSummary());
  }

  private nextMoment(kind: KeyMoment['kind'] | null, direction: 1 | -1): void {
    if (!this.loaded) return;
    const steps = this.loaded.debrief.moments.filter((m) => kind === null || m.kind === kind).map((m) => m.step);
    const target = direction > 0 ? steps.find((s) => s > this.step) : [...steps].reverse().find((s) => s < this.step);
    if (target !== undefined) this.go(target);
  }

  private stepSummary(): string {
    const loaded = this.loaded!;
    if (this.step === 0) return L('viewer.step-opening', { steps: loaded.debrief.steps });
    const command = loaded.timeline.replay.commands[this.step - 1]!;
    return L('viewer.step', { step: this.step, steps: loaded.debrief.steps, command: commandWords(loaded.scenario, command), actor: indexOf(loaded.scenario).delegation.get(command.actor)?.name ?? command.actor });
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  private renderStatus(text: string): void {
    this.root.querySelector('#viewer-status')?.replaceChildren(text);
  }

  private render(): void {
    this.disposeDebrief?.();
    this.disposeDebrief = null;
    const loaded = this.loaded;
    const picker = h('input', { type: 'file', accept: '.json,application/json', id: 'viewer-file', class: 'file-input' });
    picker.addEventListener('change', () => {
      const file = picker.files?.[0];
      if (file) void this.openFile(file);
      picker.value = '';
    });
    const tabs: { id: Tab; label: string }[] = [
      { id: 'replay', label: L('viewer.tab-replay') },
      { id: 'debrief', label: L('viewer.tab-debrief') },
      { id: 'compare', label: L('viewer.tab-compare') },
    ];
    const head = h(
      'header',
      { class: 'viewer-head' },
      h('div', { class: 'head-main' }, h('h1', { id: 'viewer-h', tabindex: '-1' }, loaded ? L('viewer.h', { title: loaded.scenario.meta.title }) : L('viewer.h-empty')), loaded ? h('p', { class: 'clock' }, L('viewer.meta', { name: loaded.name, seed: loaded.debrief.seed, role: loaded.debrief.role, difficulty: L(`report.difficulty.${loaded.debrief.difficulty}`) })) : null, loaded ? h('p', { class: 'clock', id: 'viewer-verified' }, `✓ ${loaded.verified}`) : null),
      h(
        'div',
        { class: 'head-actions' },
        picker,
        h('label', { for: 'viewer-file', class: 'button' }, L('viewer.open-file')),
        loaded ? h('button', { class: 'button', id: 'share-link', onclick: () => void this.copyShareLink() }, L('viewer.copy-link')) : null,
        h('button', { class: 'button ghost', id: 'viewer-close', onclick: () => this.deps.close() }, L('app.title-screen')),
      ),
    );
    const tablist = h(
      'div',
      { role: 'tablist', class: 'tabs viewer-tabs', 'aria-label': L('viewer.tabs') },
      tabs.map((t) =>
        h(
          'button',
          { role: 'tab', id: `vtab-${t.id}`, 'aria-selected': this.tab === t.id ? 'true' : 'false', 'aria-controls': 'viewer-body', disabled: !loaded && t.id !== 'compare' && t.id !== 'replay', onclick: () => ((this.tab = t.id), this.render()) },
          t.label,
        ),
      ),
    );
    const body = h('div', { id: 'viewer-body', role: 'tabpanel', 'aria-labelledby': `vtab-${this.tab}`, class: 'viewer-body' });
    this.root.replaceChildren(head, h('p', { id: 'viewer-status', class: 'sr-only', role: 'status' }));
    if (this.error) this.root.appendChild(h('p', { class: 'notice viewer-error', id: 'viewer-error', role: 'alert' }, this.error));
    this.root.append(tablist, body);
    if (this.tab === 'compare') return this.renderCompareTab([]);
    if (!loaded) return void body.replaceChildren(this.dropZone());
    if (this.tab === 'debrief') {
      const parentOf = loaded.timeline.replay.parent;
      if (parentOf && !this.parent) {
        // A branched game names the file it left; loading that file draws both paths on the distance chart.
        const input = h('input', { type: 'file', accept: '.json,application/json', id: 'parent-file', class: 'file-input' });
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          if (!file) return;
          void loadReplayFile(file, this.deps.catalogue).then((result) => {
            if (!result.ok) return this.accept(result);
            this.parent = result.loaded.scenario === loaded.scenario ? result.loaded : null;
            this.render();
          });
        });
        this.root.insertBefore(
          h('p', { class: 'notice small parent-note' }, L('viewer.branched-from', { file: parentOf.file, step: parentOf.step }), ' ', input, h('label', { for: 'parent-file', class: 'button' }, L('viewer.load-parent', { file: parentOf.file }))),
          body,
        );
      }
      this.disposeDebrief = renderDebrief(body, {
        name: loaded.name,
        scenario: loaded.scenario,
        timeline: loaded.timeline,
        debrief: loaded.debrief,
        verified: loaded.verified,
        parentPath: this.parent ? { label: L('viewer.before-branch', { name: this.parent.name }), distance: this.parent.debrief.distance } : undefined,
      });
      return;
    }
    this.renderReplay(false);
  }

  private dropZone(): HTMLElement {
    return h(
      'div',
      { class: 'drop-zone', id: 'drop-zone' },
      h('h2', {}, L('viewer.open-h')),
      h('p', {}, L('viewer.open-p')),
      h('p', { class: 'muted small' }, L('viewer.files-note')),
    );
  }

  private renderCompareTab(files: File[]): void {
    const body = this.root.querySelector<HTMLElement>('#viewer-body');
    if (!body) return;
    this.tab = 'compare';
    this.disposeDebrief?.();
    this.disposeDebrief = renderCompare(body, this.deps.catalogue, files);
  }

  private renderReplay(keepFocus: boolean): void {
    const body = this.root.querySelector<HTMLElement>('#viewer-body');
    const loaded = this.loaded;
    if (!body || !loaded) return;
    const { scenario, timeline, debrief } = loaded;
    const snap = timeline.snapshots[this.step]!;
    const log = timeline.meeting.log;
    const fresh = log.slice(this.step === 0 ? 0 : timeline.snapshots[this.step - 1]!.logLength, snap.logLength);
    const steps = debrief.steps;
    const role = timeline.replay.role;
    const seat = role === 'CHAIR' ? scenario.presidency.chair : role === 'OBSERVER' ? '' : role;

    const scrub = h('input', {
      type: 'range',
      id: 'scrub',
      'data-key': 'scrub',
      min: 0,
      max: steps,
      step: 1,
      value: this.step,
      'aria-label': L('report.step'),
      'aria-valuetext': this.stepSummary(),
      oninput: (e: Event) => this.go(Number((e.target as HTMLInputElement).value)),
    });
    const markers = h(
      'div',
      { class: 'markers', 'aria-hidden': 'true' },
      debrief.moments
        .filter((m) => m.kind !== 'slot')
        .map((m) => h('span', { class: `marker m-${m.kind}${m.kind === 'adoption' ? (m.adopted ? ' ok' : ' failed') : ''}`, style: `inset-inline-start:${steps === 0 ? 0 : (100 * m.step) / steps}%`, title: m.text })),
    );
    const jump = h(
      'select',
      { id: 'jump', 'data-key': 'jump', 'aria-label': L('viewer.jump-label'), onchange: (e: Event) => this.go(Number((e.target as HTMLSelectElement).value)) },
      h('option', { value: this.step }, L('viewer.jump')),
      debrief.moments.map((m) =>
        h('option', { value: m.step }, `${m.step}: ${m.kind === 'adoption' ? (m.adopted ? '✓ ' : '✕ ') : m.kind === 'event' ? `${L('app.news')} — ` : m.kind === 'slot' ? '◷ ' : ''}${shorten(m.text, 90)}`),
      ),
    );
    // A button showing words is named by them (WCAG 2.5.3), its title describing it; one showing only
    // a symbol (▶, ») is named by its title.
    const btn = (id: string, label: string, title: string, onclick: () => void, disabled = false) =>
      h('button', { class: 'button', id, 'data-key': id, title, ...(/\p{L}/u.test(label) ? {} : { 'aria-label': title }), onclick, disabled }, label);
    const branchable = role !== 'OBSERVER' && !snap.closed;
    const timelineBar = h(
      'section',
      { class: 'timeline', 'aria-label': L('viewer.timeline') },
      h(
        'div',
        { class: 'timeline-controls' },
        btn('step-first', '«', L('viewer.first'), () => this.go(0), this.step === 0),
        btn('step-back', '◀', L('viewer.back'), () => this.go(this.step - 1), this.step === 0),
        h('span', { class: 'step-count', id: 'step-count' }, L('viewer.step-count', { step: String(this.step), steps: String(steps) })),
        btn('step-forward', '▶', L('viewer.forward'), () => this.go(this.step + 1), this.step === steps),
        btn('step-last', '»', L('viewer.last'), () => this.go(steps), this.step === steps),
        btn('prev-adoption', `◀ ${L('viewer.adoption')}`, L('viewer.prev-adoption'), () => this.nextMoment('adoption', -1)),
        btn('next-adoption', `${L('viewer.adoption')} ▶`, L('viewer.next-adoption'), () => this.nextMoment('adoption', 1)),
        btn('next-event', `${L('viewer.next-event')} ▶`, L('viewer.next-event-title'), () => this.nextMoment(null, 1)),
        jump,
        h(
          'button',
          {
            class: 'button primary',
            id: 'branch',
            'data-key': 'branch',
            'aria-disabled': branchable ? 'false' : 'true',
            title: branchable ? L('viewer.branch-title') : role === 'OBSERVER' ? L('viewer.branch-observer') : L('viewer.branch-closed'),
            onclick: () => branchable && this.deps.branch(scenario, timeline.replay, this.step, loaded.name, loaded),
          },
          L('viewer.branch'),
        ),
      ),
      h('div', { class: 'scrub-wrap' }, scrub, markers),
      h('p', { class: 'step-summary', id: 'step-summary' }, this.stepSummary(), ' ', h('span', { class: 'muted' }, clockWords(scenario, snap))),
      timeline.replay.parent ? h('p', { class: 'small' }, L('viewer.branched-from', { file: timeline.replay.parent.file, step: timeline.replay.parent.step })) : null,
    );

    const ctx: PanelContext = {
      scenario,
      view: {
        viewer: 'INSTRUCTOR',
        seat: seat || null,
        step: snap.step,
        clock: snap.clock,
        closed: snap.closed,
        paused: false,
        minutesLeft: null,
        offers: [],
        draft: snap.draft,
        stances: snap.stances,
        walkedOut: snap.walkedOut,
        away: snap.away,
        positions: {},
        transcript: log.slice(0, snap.logLength),
      },
      seat: seat || scenario.presidency.chair,
      chairSeat: scenario.presidency.chair,
      paragraph: this.paragraph,
      target: '',
      approach: 'principle',
      variant: '',
      linkageGet: '',
      check: () => ({ code: 'meeting-closed', message: L('viewer-file.is-replay') }),
      send: () => undefined,
      confirmWalkOut: () => undefined,
      selectParagraph: (id) => {
        this.paragraph = id;
        this.renderReplay(true);
      },
      selectTarget: () => undefined,
      setChoice: () => undefined,
    };
    const docTabs: { id: DocTab; label: string }[] = [
      { id: 'grid', label: L('app.tab-grid') },
      { id: 'draft', label: L('viewer.draft') },
      { id: 'transcript', label: L('app.tab-transcript') },
    ];
    const docs = h(
      'div',
      { class: 'viewer-docs' },
      h(
        'div',
        { role: 'tablist', class: 'tabs', 'aria-label': L('viewer-file.tabs') },
        docTabs.map((t) =>
          h('button', { role: 'tab', id: `vdoc-${t.id}`, 'data-key': `vdoc-${t.id}`, 'aria-selected': this.docTab === t.id ? 'true' : 'false', onclick: () => ((this.docTab = t.id), this.renderReplay(true)) }, t.label),
        ),
      ),
      h('div', { role: 'tabpanel', class: 'tabpanel', id: 'viewer-doc' }, this.docTab === 'grid' ? stanceGrid(ctx) : this.docTab === 'draft' ? draftPanel(ctx) : transcriptPanel(ctx)),
    );
    const changes = h(
      'section',
      { class: 'changes', 'aria-labelledby': 'changes-h' },
      h('h2', { id: 'changes-h' }, this.step === 0 ? L('viewer.at-opening') : L('viewer.what-happened', { step: this.step })),
      fresh.length === 0
        ? h('p', { class: 'muted' }, L('viewer.nothing'))
        : h(
            'ol',
            { class: 'transcript-list', id: 'changes' },
            fresh.map((r) => transcriptEntry(scenario, r, null)),
          ),
    );
    const layout = h('div', { class: 'viewer-grid' }, h('div', { class: 'viewer-left' }, this.room(scenario, ctx, seat), changes), docs);
    if (keepFocus) replaceKeepingFocus(body, timelineBar, layout);
    else body.replaceChildren(timelineBar, layout);
  }

  /** The room at this step: every seat round the table with its stance on the paragraph chosen. */
  private room(scenario: Scenario, ctx: PanelContext, seat: string): HTMLElement {
    const view = ctx.view;
    const p = indexOf(scenario).paragraph.get(this.paragraph)!;
    const draft = view.draft[p.id]!;
    const n = scenario.delegations.length;
    const seats = scenario.delegations.map((d, i) => {
      const angle = (2 * Math.PI * i) / n - Math.PI / 2;
      const stance = view.walkedOut.includes(d.id) ? null : (view.stances[p.id]?.[d.id] ?? null);
      const flag = flagUrl(scenario, d.id);
      return h(
        'li',
        {
          class: `ring-seat${stance ? ` s-${stance}` : ' s-none'}${d.id === seat ? ' me' : ''}${d.id === scenario.presidency.chair ? ' chair' : ''}`,
          style: `left:${50 + 44 * Math.cos(angle)}%;top:${50 + 42 * Math.sin(angle)}%`,
          title: `${d.name}: ${stance ? stanceLabel(stance) : view.walkedOut.includes(d.id) ? L('room.walked-out') : L('room.no-stance')}`,
          'data-delegation': d.id,
          'data-stance': stance ?? '',
        },
        h('span', { class: 'ring-name' }, flag ? h('img', { src: flag, alt: '', width: 20, height: 15, class: 'flag' }) : null, h('span', { class: 'ring-id' }, d.id)),
        stance ? h('span', { class: 'ring-stance' }, stanceIcon(stance, 11), stanceShort(stance)) : h('span', { class: 'ring-stance' }, view.walkedOut.includes(d.id) ? L('viewer.out') : '—'),
      );
    });
    const picker = h(
      'select',
      { id: 'viewer-paragraph', 'data-key': 'viewer-paragraph', 'aria-label': L('viewer.paragraph-on-table'), onchange: (e: Event) => ctx.selectParagraph((e.target as HTMLSelectElement).value) },
      scenario.paragraphs.map((x, i) => h('option', { value: x.id, selected: x.id === p.id }, `${i + 1}. ${x.title}`)),
    );
    return h(
      'section',
      { class: 'viewer-room', 'aria-label': L('viewer.room-at', { step: this.step }) },
      picker,
      h(
        'div',
        { class: 'ring' },
        h('ul', { class: 'ring-seats' }, seats),
        h(
          'div',
          { class: 'ring-table' },
          h('p', { class: 'ring-title' }, p.title),
          h('p', { class: 'ring-status' }, statusWords(draft.status)),
          h('p', { class: 'ring-wording' }, shorten(wordingOf(scenario, p.id, draft.variant), 120)),
        ),
      ),
    );
  }

  private async copyShareLink(): Promise<void> {
    if (!this.loaded) return;
    const url = `${location.origin}${location.pathname}#watch=${shareParam(this.loaded.timeline.replay)}`;
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard (an insecure page or a refusal): the link is shown to copy by hand.
    }
    const note = this.root.querySelector('#share-note') ?? h('p', { id: 'share-note', class: 'notice small' });
    note.replaceChildren(copied ? L('viewer.copied') : L('viewer.copy-this'), ' ', h('input', { type: 'text', readonly: true, value: url, class: 'share-url', 'aria-label': L('viewer.share-link'), id: 'share-url' }));
    this.root.querySelector('.viewer-head')?.after(note);
    this.deps.announce(copied ? L('viewer.copied-live') : L('viewer.shown-below'));
  }
}

function clockWords(scenario: Scenario, snap: { clock: { session: number; slot: number }; closed: boolean }): string {
  if (snap.closed) return L('viewer.closed');
  const session = scenario.schedule[Math.min(snap.clock.session, scenario.schedule.length - 1)]!;
  const slot = session.slots[Math.min(snap.clock.slot, session.slots.length - 1)]!;
  return L('viewer.clock', { session: session.title, slot: slot.title });
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
