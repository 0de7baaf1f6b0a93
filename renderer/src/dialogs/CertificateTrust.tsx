import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { Fragment, useId, type ReactNode } from 'react';
import type { CertificateDetails } from '../../../shared/domain/certificate';

const MONOSPACE = { fontFamily: 'monospace', overflowWrap: 'anywhere' } as const;

/** A fingerprint that wraps only between its pairs, never inside one. */
function Fingerprint({ value }: { value: string }) {
  return (
    <Box component="span" sx={MONOSPACE}>
      {value.split(':').map((pair, index) => (
        <Fragment key={index}>
          {index > 0 ? ':' : null}
          {index > 0 ? <wbr /> : null}
          {pair}
        </Fragment>
      ))}
    </Box>
  );
}

const when = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
};

/** A failed connection whose certificate the admin may trust for this instance, and the button to. */
export function CertificateOffer({
  message,
  certificate,
  onTrust,
}: {
  message: string;
  certificate: CertificateDetails;
  onTrust: () => void;
}) {
  return (
    <Alert severity="error" role="status" sx={{ mt: 1 }}>
      <AlertTitle>Certificate not trusted</AlertTitle>
      {message}
      <Typography variant="body2" sx={{ mt: 1 }}>
        SHA-256 fingerprint:{' '}
        <Box component="span" sx={MONOSPACE}>
          {certificate.fingerprint}
        </Box>
      </Typography>
      <Button variant="outlined" color="inherit" size="small" onClick={onTrust} sx={{ mt: 1 }}>
        Trust this certificate for this instance…
      </Button>
    </Alert>
  );
}

/** The certificate trusted for an instance, and the way to forget it. */
export function TrustedCertificate({
  fingerprint,
  busy,
  onForget,
}: {
  fingerprint: string;
  busy: boolean;
  onForget: () => void;
}) {
  return (
    <Alert severity="info" sx={{ mt: 1 }}>
      <AlertTitle>A certificate is trusted for this instance</AlertTitle>
      Roster accepts exactly this certificate from this server, beside those the computer trusts. SHA-256
      fingerprint:{' '}
      <Box component="span" sx={MONOSPACE}>
        {fingerprint}
      </Box>
      <Box>
        <Button
          variant="outlined"
          color="inherit"
          size="small"
          onClick={onForget}
          disabled={busy}
          sx={{ mt: 1 }}
        >
          Forget trusted certificate
        </Button>
      </Box>
    </Alert>
  );
}

interface ConfirmProps {
  certificate: CertificateDetails;
  /** The server's address, as typed in the dialog. */
  address: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before trusting a certificate for one instance, showing what the admin should compare with
 * what the server's administrator says (above all the fingerprint). Cancel has the focus.
 */
export function TrustCertificateDialog({ certificate, address, busy, onConfirm, onCancel }: ConfirmProps) {
  const titleId = useId();
  const textId = useId();
  const rows: [string, ReactNode][] = [
    ['SHA-256 fingerprint', <Fingerprint key="fingerprint" value={certificate.fingerprint} />],
    ['Issued to', certificate.subject],
    ['Issued by', certificate.issuer],
    ['Valid from', when(certificate.validFrom)],
    ['Valid until', when(certificate.validTo)],
  ];
  return (
    <Dialog
      open
      onClose={onCancel}
      aria-labelledby={titleId}
      aria-describedby={textId}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id={titleId}>Trust this certificate?</DialogTitle>
      <DialogContent>
        <DialogContentText id={textId}>
          This computer does not trust the certificate of {address}. If you trust it, Roster accepts exactly
          this certificate for this instance only, and refuses any other this server may show later. Compare
          the fingerprint with the one the server’s administrator gives you: if they differ, someone may be in
          between.
        </DialogContentText>
        <Box
          component="dl"
          sx={{
            display: 'grid',
            gridTemplateColumns: 'max-content 1fr',
            columnGap: 2,
            rowGap: 1,
            mt: 2,
            mb: 0,
          }}
        >
          {rows.map(([label, value]) => (
            <Box key={label} sx={{ display: 'contents' }}>
              <Typography component="dt" variant="body2" color="text.secondary">
                {label}
              </Typography>
              <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
                {value}
              </Typography>
            </Box>
          ))}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} autoFocus>
          Cancel
        </Button>
        <Button
          onClick={onConfirm}
          variant="contained"
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} /> : undefined}
        >
          Trust certificate
        </Button>
      </DialogActions>
    </Dialog>
  );
}
