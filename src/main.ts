// The browser entry: the scenario index, exposes the read-only window.communique handle, and opens
// the title screen — or the game a link names (?scenario=&seed=&role=&difficulty=).
import './ui/styles.css';
import { App, linkFromUrl } from './ui/app.ts';
import { loadCatalogue } from './ui/catalogue.ts';
import { classroomRoute, secretOf } from './ui/classroom/route.ts';
import { isClassroomHost, showSoloElsewhere } from './ui/classroom/host.ts';
import { offerUpdates } from './offline.ts';
import { localizeCatalogue, startLanguage } from './ui/localize.ts';
import { current, t } from './i18n/index.ts';
import type { Scenario } from './domain/scenario-schema.ts';
import type { OutcomeSummary } from './domain/outcome.ts';
import type { RoomLayout } from './game/model.ts';
import { cueCount, soundPage, type Cue } from './game/sound.ts';

/** What tests and curious teachers may read; nothing here can change the game. */
export interface CommuniqueHandle {
  readonly ready: boolean;
  readonly renderer: 'webgl' | 'canvas' | null;
  stateHash(): string | null;
  outcome(): OutcomeSummary | null;
  /** Where the room drew its seats, docket lines, news cards and stamps (page pixels); null off the room. */
  room(): RoomLayout | null;
  /** How many of each sound the room asked for, played or muted. */
  cues(): Record<Cue, number>;
}

declare global {
  interface Window {
    communique: CommuniqueHandle;
  }
}

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el as T;
}

async function boot(): Promise<void> {
  // Scenarios are fetched when chosen (the title's default and the autosave's, a link's, or all of them
  // for the replay viewer), each with its texts in the page's language; the classroom pages fetch none.
  await startLanguage();
  const room = classroomRoute(location.pathname, location.search, location.origin);
  const query = new URLSearchParams(location.search);
  // #watch=<compressed replay> is a share link (in the fragment: a whole game's every command is far
  // longer than a server accepts in a request line, and a fragment is never sent); ?watch= still opens
  // older links; ?viewer opens the replay viewer.
  const shared = new URLSearchParams(location.hash.replace(/^#/, '')).get('watch') ?? query.get('watch');
  // Served by the classroom server, there is no scenario file to fetch (ui/classroom/host.ts); a
  // classroom page fetches none anywhere (its scenario comes from the server), nor their texts.
  const classroomHost = isClassroomHost();
  // The instructor's replay viewer on the classroom server (?watch=…&session=CODE#secret=…): the
  // session's scenario comes from the server with the secret, and the catalogue holds only that one.
  const given = classroomHost && shared !== null ? await viewerScenario(query) : null;
  const all = loadCatalogue();
  const catalogue = given ? loadCatalogue(all.entries.filter((e) => e.id === given.meta.id)) : room || classroomHost ? all : await localizeCatalogue(all);
  if (given) catalogue.provide(given);
  const skip = document.querySelector('.skip-link');
  if (skip) skip.textContent = t('page.skip');
  const app = new App(catalogue, {
    title: byId('screen-title'),
    room: byId('screen-room'),
    end: byId('screen-end'),
    viewer: byId('screen-viewer'),
    stage: byId('stage'),
    live: byId('live'),
    head: byId('room-head'),
    actions: byId('actions'),
    docs: byId('docs'),
    dialog: byId<HTMLDialogElement>('confirm'),
  });
  // A classroom page (?instructor, ?join=CODE, /join/CODE) reports its own readiness through the same handle.
  const classroom = { ready: false, renderer: null as 'webgl' | 'canvas' | null };
  const handle: CommuniqueHandle = Object.freeze(
    Object.defineProperties(
      {},
      {
        ready: { get: () => app.ready || classroom.ready, enumerable: true },
        renderer: { get: () => app.renderer ?? classroom.renderer, enumerable: true },
        stateHash: { value: () => app.stateHash(), enumerable: true },
        outcome: { value: () => app.outcome(), enumerable: true },
        room: { value: () => app.roomLayout(), enumerable: true },
        cues: { value: () => ({ ...cueCount }), enumerable: true },
      },
    ) as CommuniqueHandle,
  );
  Object.defineProperty(window, 'communique', { value: handle, writable: false, configurable: false, enumerable: true });

  document.getElementById('boot')?.remove();
  const link = linkFromUrl(location.search);
  if (room) {
    // A classroom of laptops starts silent; each may turn its sound on.
    soundPage('classroom');
    const { openClassroom } = await import('./ui/classroom/open.ts');
    await openClassroom(room, { title: byId('screen-title'), room: byId('screen-room'), stage: byId('stage'), live: byId('live'), head: byId('room-head'), actions: byId('actions'), docs: byId('docs'), dialog: byId<HTMLDialogElement>('confirm') }, (renderer) => {
      classroom.ready = true;
      classroom.renderer = renderer;
    });
  } else if (classroomHost && !given) {
    showSoloElsewhere(byId('screen-title'));
    app.ready = true;
  } else if (shared !== null || query.has('viewer')) {
    await app.openViewer(shared !== null ? { share: shared } : {});
  } else if (link) {
    await catalogue.load(link.scenario);
    app.openLink(link);
    app.ready = true;
  } else {
    await app.prepareTitle();
    app.showTitle();
  }
  performance.mark('communique-ready');
  // After the first screen: installing the service worker fetches the whole game in the background —
  // never from the classroom server, which has no scenario file to cache (and a student's page installs
  // no worker that would fetch them anywhere).
  if (room?.page !== 'student' && !classroomHost) offerUpdates();
}

/** The session's scenario a viewer address on the classroom server names, with the secret in its fragment (which then leaves the address bar); null without them. */
async function viewerScenario(query: URLSearchParams): Promise<Scenario | null> {
  const code = query.get('session');
  const secret = secretOf(location.hash.replace(/^#/, '').split('&').filter((p) => p.startsWith('secret=')).join('&'));
  if (!code || !secret) return null;
  history.replaceState(null, '', `${location.pathname}${location.search}${location.hash.replace(/&?secret=[^&]*/, '').replace(/^#$/, '')}`);
  // Loaded here only: the classroom client stays out of the solo game's first chunk.
  const { sessionScenario } = await import('./net/client.ts');
  // The session's server: this one, or the one the control room talked to (an http(s) origin only).
  const named = query.get('server');
  const server = named && /^https?:\/\/[^/]+$/.test(named) ? named : location.origin;
  return sessionScenario(server, code, secret, 'full', current().lang).catch(() => null);
}

void boot();
