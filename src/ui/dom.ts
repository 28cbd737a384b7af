// A small builder for DOM elements, so every piece of text is set as text and never parsed as HTML.

export type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void);

/** Creates `<tag>` with attributes (on* functions become listeners; false/null/undefined are left out). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    else if (key === 'class') el.className = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces an element's children, keeping keyboard focus on the control with the same data-key. */
export function replaceKeepingFocus(parent: HTMLElement, ...children: (Child | Child[])[]): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active && parent.contains(active) ? active.dataset.key : undefined;
  const scroll = parent.scrollTop;
  parent.replaceChildren();
  append(parent, children);
  parent.scrollTop = scroll;
  if (key) parent.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
}

/** Text only screen readers read. */
export function srOnly(text: string): HTMLSpanElement {
  return h('span', { class: 'sr-only' }, text);
}

/**
 * An ARIA tab list: one button per tab, the selected one in the tab order, arrow keys moving between
 * them. `choose(id, focus)` is called on a click (focus false) or an arrow key (focus true).
 */
export function tabList<T extends string>(
  label: string,
  tabs: { id: T; label: string }[],
  selected: T,
  choose: (id: T, focus: boolean) => void,
): HTMLDivElement {
  return h(
    'div',
    { role: 'tablist', 'aria-label': label, class: 'tabs' },
    tabs.map((t, i) =>
      h(
        'button',
        {
          role: 'tab',
          id: `tab-${t.id}`,
          'data-key': `tab-${t.id}`,
          'aria-selected': selected === t.id ? 'true' : 'false',
          'aria-controls': 'tabpanel',
          tabindex: selected === t.id ? '0' : '-1',
          onclick: () => choose(t.id, false),
          onkeydown: (e: Event) => {
            const key = (e as KeyboardEvent).key;
            const delta = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
            if (delta !== 0) {
              e.preventDefault();
              choose(tabs[(i + delta + tabs.length) % tabs.length]!.id, true);
            }
          },
        },
        t.label,
      ),
    ),
  );
}

/** The page's elements on which a game is played: the same for a solo player and a student. */
export interface PlayScreens {
  title: HTMLElement;
  room: HTMLElement;
  stage: HTMLElement;
  live: HTMLElement;
  head: HTMLElement;
  actions: HTMLElement;
  docs: HTMLElement;
  dialog: HTMLDialogElement;
}
