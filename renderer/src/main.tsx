import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { MissingToken } from './MissingToken';
import { connectRoster } from './roster/roster';

const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(<StrictMode>{connectRoster() ? <App /> : <MissingToken />}</StrictMode>);
