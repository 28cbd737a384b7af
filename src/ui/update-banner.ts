// The banner that offers a new version of the game once its service worker has it ready: the player
// reloads when they choose (a game in play is autosaved, so nothing is lost), never by force.
import { h } from './dom.ts';
import { t } from '../i18n/index.ts';

/**
 * Shows the banner in `parent` (once: a second call keeps the first), announced politely to screen
 * readers and never taking focus. `reload` is called when the player presses Reload.
 */
export function showUpdateBanner(parent: HTMLElement, reload: () => void): HTMLElement {
  const shown = parent.querySelector<HTMLElement>('#update-banner');
  if (shown) return shown;
  const banner = h(
    'aside',
    { id: 'update-banner', class: 'update-banner', 'aria-labelledby': 'update-text' },
    h('p', { id: 'update-text', role: 'status' }, t('update.ready'), ' '),
    h('button', { type: 'button', class: 'button primary', id: 'update-reload', onclick: () => reload() }, t('update.reload')),
    h('button', { type: 'button', class: 'button', id: 'update-later', onclick: () => banner.remove() }, t('update.later')),
  );
  parent.append(banner);
  return banner;
}
