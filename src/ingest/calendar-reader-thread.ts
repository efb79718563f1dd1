// The calendar reading thread's entry: built into a bundle of its own (dist/calendar-reader.js),
// it loads the reader and nothing else the program holds.
import { serveIfReaderThread } from './calendar-reading.ts';

serveIfReaderThread();
