import Alert from '@mui/material/Alert';
import Portal from '@mui/material/Portal';
import Snackbar from '@mui/material/Snackbar';
import { useFeedback } from '../store/feedbackStore';

/**
 * Shows the oldest queued message; errors and warnings stay until dismissed.
 * Portalled, so that an open dialog (which hides the rest of the page from
 * assistive technology) does not silence it; bottom left, clear of the
 * dialogs' buttons.
 */
export function FeedbackSnackbar() {
  const current = useFeedback((state) => state.queue[0]);
  const dismiss = useFeedback((state) => state.dismiss);
  if (!current) return null;
  const sticky = current.severity === 'error' || current.severity === 'warning';
  return (
    <Portal>
      <Snackbar
        key={current.id}
        open
        autoHideDuration={sticky ? null : 4000}
        onClose={(_, reason) => {
          if (reason !== 'clickaway') dismiss(current.id);
        }}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        sx={{ mb: 3 }}
      >
        <Alert
          severity={current.severity}
          variant="filled"
          onClose={() => dismiss(current.id)}
          sx={{ maxWidth: 560 }}
        >
          {current.message}
        </Alert>
      </Snackbar>
    </Portal>
  );
}
