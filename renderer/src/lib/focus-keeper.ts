// Focus never falls to <body> when what had it goes away: after Stop, Pause, Resume or
// Delete the button (or the whole card or row) is replaced or removed, sometimes only when
// the next poll shows the effect. The keeper remembers where focus was (per open dialog,
// or the page) and, when focus is lost because that element left the document, puts it on
// the nearest thing still there: the button now in the same place among the job's
// actions, the job's card or row, the next or previous one, their list, else the panel.
// Plain DOM (no Svelte), installed once by App.svelte.

interface Place {
  el: HTMLElement;
  /** The element's group of actions, and its index in that group. */
  group: HTMLElement | null;
  index: number;
  /** The card or row holding it, and that item's neighbours and list. */
  item: HTMLElement | null;
  next: Element | null;
  prev: Element | null;
  list: HTMLElement | null;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusableIn(el: Element | null): HTMLElement | null {
  if (!el || !el.isConnected) return null;
  if (el instanceof HTMLElement && el.matches(FOCUSABLE)) return el;
  return el.querySelector<HTMLElement>(FOCUSABLE);
}

function placeOf(el: HTMLElement): Place {
  const group = el.closest<HTMLElement>('.actions, [data-focus-group]');
  const buttons = group ? [...group.querySelectorAll<HTMLElement>(FOCUSABLE)] : [];
  const item = el.closest<HTMLElement>('li, tr, [role="row"]');
  return {
    el,
    group,
    index: Math.max(0, buttons.indexOf(el)),
    item,
    next: item?.nextElementSibling ?? null,
    prev: item?.previousElementSibling ?? null,
    list: item?.parentElement ?? null,
  };
}

/** Where focus goes when `p.el` has left the document. */
export function fallbackFor(p: Place): HTMLElement | null {
  if (p.group?.isConnected) {
    const buttons = [...p.group.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const b = buttons[Math.min(p.index, buttons.length - 1)];
    if (b) return b;
  }
  return focusableIn(p.item) ?? focusableIn(p.next) ?? focusableIn(p.prev) ?? focusableIn(p.list) ?? document.getElementById('panel');
}

/** The scope focus belongs to: the top open modal dialog, else the page (null). */
function scopeOf(el: Element | null): HTMLDialogElement | null {
  return el?.closest('dialog') ?? null;
}

function openScope(): HTMLDialogElement | null {
  const open = document.querySelectorAll<HTMLDialogElement>('dialog[open]');
  return open.length ? open[open.length - 1]! : null;
}

export function installFocusKeeper(): () => void {
  const places = new Map<HTMLDialogElement | null, Place>();
  const onFocusIn = (e: FocusEvent): void => {
    const el = e.target;
    // A virtualized list ([data-focus-managed]) moves focus between its rows itself.
    if (!(el instanceof HTMLElement) || el === document.body) return;
    if (el.closest('[data-focus-managed]')) places.delete(scopeOf(el));
    else places.set(scopeOf(el), placeOf(el));
  };
  let queued = false;
  const check = (): void => {
    const a = document.activeElement;
    if (a && a !== document.body) return;
    const scope = openScope();
    for (const k of places.keys()) if (k && !k.isConnected) places.delete(k);
    const p = places.get(scope);
    if (!p) return;
    // Still there (a keyed list moved its card, which drops focus): back to it; gone or
    // disabled: the nearest thing still there.
    const kept = p.el.isConnected && !(p.el as HTMLButtonElement).disabled && p.el.getClientRects().length > 0;
    const fallback = kept ? p.el : fallbackFor(p);
    const target = scope && !scope.contains(fallback) ? focusableIn(scope) : fallback;
    if (target) {
      target.focus({ preventScroll: kept });
      places.set(scope, placeOf(target));
    }
  };
  const schedule = (): void => {
    // At once (a mutation observer runs after the DOM change, before the next frame), and
    // again after the frame, once the framework and the dialog's focus restore are done.
    check();
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      check();
    });
  };
  const mo = new MutationObserver(schedule);
  mo.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['open', 'disabled'] });
  // A click on empty space moves focus to <body> on purpose: leave it there.
  const onPointer = (e: PointerEvent): void => {
    const el = e.target instanceof Element ? e.target : null;
    if (!el?.closest(FOCUSABLE)) places.delete(openScope());
  };
  document.addEventListener('focusin', onFocusIn);
  document.addEventListener('pointerdown', onPointer, true);
  return () => {
    mo.disconnect();
    document.removeEventListener('focusin', onFocusIn);
    document.removeEventListener('pointerdown', onPointer, true);
  };
}
