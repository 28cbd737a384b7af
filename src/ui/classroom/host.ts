// Whether this page came from the classroom server, and what its solo pages say there instead of playing.
import { h } from '../dom.ts';
import { t } from '../../i18n/index.ts';

/**
 * The classroom server marks the index.html it serves (server/web-files.ts). It serves no scenario file:
 * each one holds every delegation's positions, red lines, utilities and the event deck, and it cannot
 * tell a student's request for a static file from an instructor's — so a student could read them all.
 */
export function isClassroomHost(doc: Document = document): boolean {
  return doc.querySelector('meta[name="communique-host"][content="classroom"]') !== null;
}

/**
 * The solo game opened from the classroom server. We chose to say where solo play is served rather
 * than to serve the scenarios by another route: any route a solo page could read without a secret, a
 * student in the class could read too. `npm start` or any static host of dist/web plays as before.
 */
export function showSoloElsewhere(root: HTMLElement): void {
  root.replaceChildren(
    h('div', { class: 'masthead' }, h('h1', { id: 'title-h', tabindex: '-1' }, t('title.name')), h('p', { class: 'tagline' }, t('app.classroom-host-h'))),
    h(
      'div',
      { class: 'host-note', id: 'classroom-host' },
      h('p', {}, t('app.classroom-host')),
      h('p', {}, h('a', { href: '/instructor' }, t('app.classroom-host-instructor'))),
      h('p', {}, t('app.classroom-host-student')),
    ),
  );
  root.hidden = false;
  root.querySelector<HTMLElement>('h1')?.focus();
}
