import Search from '@mui/icons-material/Search';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { memo, type Ref } from 'react';

interface Props {
  /** The accessible name, e.g. "Filter users". */
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
}

/** The search box above a list: filters as the admin types. Memoised: a list's answer leaves it be. */
export const FilterField = memo(function FilterField({
  label,
  placeholder,
  value,
  onChange,
  inputRef,
  autoFocus,
}: Props) {
  return (
    <TextField
      inputRef={inputRef}
      autoFocus={autoFocus}
      fullWidth
      placeholder={placeholder}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      slotProps={{
        htmlInput: { 'aria-label': label },
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <Search fontSize="small" />
            </InputAdornment>
          ),
        },
      }}
    />
  );
});
