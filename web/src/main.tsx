import { startEarlyRequests } from './api/early-requests.ts';
import './styles/app.css';
import './styles/merges.css';

// The page's data is asked for first; the app's code follows in its own chunk, so both load together.
startEarlyRequests(window.location.pathname, new URLSearchParams(window.location.search));

const root = document.getElementById('root');
if (root) void import('./boot.tsx').then((m) => m.boot(root));
