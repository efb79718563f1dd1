import cliProgress from 'cli-progress';

/** A progress reporter for long work, and how to take it off the screen. */
export interface TerminalProgress {
  progress?(phase: string, done: number, total: number): void;
  stop(): void;
}

/**
 * A bar on stderr while work runs, only when stderr is a terminal and the output is not JSON, so
 * scripts and pipes see nothing. Short work (under half a second) never shows a bar at all.
 */
export function terminalProgress(
  json: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): TerminalProgress {
  if (json || !stream.isTTY) return { stop: () => undefined };
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  let phase = '';
  return {
    progress(next, done, total) {
      if (!bar && Date.now() - started < 500) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: '{phase} [{bar}] {percentage}% {value}/{total}',
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(total, 1), done, { phase: next.padEnd(8) });
        phase = next;
        return;
      }
      if (next !== phase) {
        phase = next;
        bar.setTotal(Math.max(total, 1));
      }
      bar.update(done, { phase: next.padEnd(8) });
    },
    stop() {
      bar?.stop();
    },
  };
}
