// The window's native modal <dialog>s (job details, confirmation) share one shell: the
// browser traps the focus; the dialog is shown while `open()` holds, with the focus on
// `focus()`, and closed when it stops holding; Escape asks `cancel` instead of closing it.
import type { Attachment } from 'svelte/attachments';

export function modal(open: () => boolean, focus: () => HTMLElement | undefined, cancel: () => void): Attachment<HTMLDialogElement> {
  return (dialog) => {
    $effect(() => {
      if (open() && !dialog.open) {
        dialog.showModal();
        focus()?.focus();
      } else if (!open() && dialog.open) dialog.close();
    });
    const onCancel = (e: Event): void => {
      e.preventDefault();
      cancel();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => dialog.removeEventListener('cancel', onCancel);
  };
}
