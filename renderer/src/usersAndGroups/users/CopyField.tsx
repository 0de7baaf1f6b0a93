import ContentCopy from '@mui/icons-material/ContentCopy';
import Visibility from '@mui/icons-material/Visibility';
import VisibilityOff from '@mui/icons-material/VisibilityOff';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import { useState } from 'react';
import { copyText } from '../../common/clipboard';
import { useFeedback } from '../../store/feedbackStore';

interface Props {
  label: string;
  value: string;
  /** Hidden until the admin asks to see it (a token others may see over their shoulder). */
  concealed?: boolean;
  helperText?: string;
  /** In a fixed-width font, where telling 0 from O matters (passwords, links). */
  monospace?: boolean;
  /** Wrapped over as many lines as it needs (a long link), rather than scrolled out of sight. */
  wrap?: boolean;
}

/** A value the admin hands on: read-only, with a Copy button (and Show/Hide for a concealed one). */
export function CopyField({
  label,
  value,
  concealed = false,
  helperText,
  monospace = false,
  wrap = false,
}: Props) {
  const [shown, setShown] = useState(!concealed);
  const name = label.toLowerCase();
  const copy = async () => {
    const copied = await copyText(value);
    useFeedback
      .getState()
      .show(copied ? 'success' : 'error', copied ? `${label} copied.` : 'The clipboard refused the copy.');
  };
  return (
    <TextField
      label={label}
      value={value}
      type={shown ? 'text' : 'password'}
      helperText={helperText}
      multiline={wrap && !concealed}
      fullWidth
      margin="dense"
      slotProps={{
        htmlInput: {
          readOnly: true,
          spellCheck: false,
          sx: {
            ...(monospace ? { fontFamily: 'monospace' } : {}),
            ...(wrap ? { wordBreak: 'break-all' } : {}),
          },
        },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              {concealed ? (
                <Tooltip title={shown ? `Hide ${name}` : `Show ${name}`}>
                  <IconButton
                    aria-label={shown ? `Hide ${name}` : `Show ${name}`}
                    onClick={() => setShown(!shown)}
                  >
                    {shown ? <VisibilityOff fontSize="small" /> : <Visibility fontSize="small" />}
                  </IconButton>
                </Tooltip>
              ) : null}
              <Tooltip title={`Copy ${name}`}>
                <IconButton aria-label={`Copy ${name}`} onClick={() => void copy()}>
                  <ContentCopy fontSize="small" />
                </IconButton>
              </Tooltip>
            </InputAdornment>
          ),
        },
      }}
    />
  );
}
