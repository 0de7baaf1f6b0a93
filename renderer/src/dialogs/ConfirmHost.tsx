import { useConfirm } from '../store/confirmStore';
import { ConfirmDialog } from './ConfirmDialog';

/** Renders whatever confirmation `useConfirm().ask` is waiting on. */
export function ConfirmHost() {
  const pending = useConfirm((state) => state.pending);
  const answer = useConfirm((state) => state.answer);
  if (!pending) return null;
  return (
    <ConfirmDialog
      title={pending.title}
      confirmLabel={pending.confirmLabel}
      destructive={pending.destructive}
      onConfirm={() => answer(true)}
      onCancel={() => answer(false)}
    >
      {pending.message}
    </ConfirmDialog>
  );
}
