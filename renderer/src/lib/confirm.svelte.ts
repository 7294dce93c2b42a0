// One confirmation dialog for the whole window: `ask()` resolves true on confirm.
export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  cancelLabel: string;
  danger: boolean;
  resolve: (ok: boolean) => void;
}

class ConfirmState {
  current = $state<ConfirmRequest | undefined>();

  ask(req: Omit<ConfirmRequest, 'resolve'>): Promise<boolean> {
    this.current?.resolve(false);
    return new Promise((resolve) => {
      this.current = { ...req, resolve };
    });
  }

  answer(ok: boolean): void {
    const c = this.current;
    this.current = undefined;
    c?.resolve(ok);
  }
}

export const confirmState = new ConfirmState();
