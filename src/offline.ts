// Installable and offline: registers the service worker that vite-plugin-pwa generates (it precaches
// the game, its scenarios and flags), and offers a new build with the update banner, never forcing it.
import { registerSW } from 'virtual:pwa-register';
import { showUpdateBanner } from './ui/update-banner.ts';

export function offerUpdates(parent: HTMLElement = document.body): void {
  if (!('serviceWorker' in navigator)) return;
  const update = registerSW({
    // A new build is installed and waiting: say so, and let the player choose when to reload.
    onNeedRefresh: () => showUpdateBanner(parent, () => void update(true)),
    // Service workers refused (a private window, a policy, a test profile): the game plays online as before.
    onRegisterError: () => {},
  });
}
