/**
 * Progress of a long command: on a terminal, a live bar (cli-progress) with runs done, runs per
 * second and time remaining; anywhere else (a log file, a cluster job's output), a plain line
 * every so often, so logs stay readable.
 */
import cliProgress from 'cli-progress';

export interface ProgressFigures {
  done: number;
  total: number;
  runsPerSecond: number;
  remainingSeconds: number | null;
}

export interface ProgressDisplay {
  update(p: ProgressFigures): void;
  stop(): void;
}

export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

export function progressLine(label: string, p: ProgressFigures): string {
  const share = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
  return `${label}: ${p.done}/${p.total} runs (${share}%), ${p.runsPerSecond.toFixed(1)} runs/s, about ${duration(p.remainingSeconds)} left`;
}

/** `stream` is where a terminal bar draws; `log` receives plain lines otherwise. */
export function progressDisplay(label: string, terminal: NodeJS.WriteStream | null, log: (line: string) => void, everySeconds = 10): ProgressDisplay {
  if (terminal?.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: terminal, format: `${label} {bar} {percentage}% | {value}/{total} runs | {rate} runs/s | {left} left`, hideCursor: true, clearOnComplete: false, fps: 5 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = { rate: p.runsPerSecond.toFixed(1), left: duration(p.remainingSeconds) };
        if (!started) {
          bar.start(p.total, p.done, payload);
          started = true;
        } else bar.update(p.done, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  // Start the clock at the first line: the first report comes after `everySeconds`.
  let last = performance.now();
  return {
    update(p) {
      const now = performance.now();
      // Nothing to say before the first run is in; the command prints its own closing line.
      if (p.done > 0 && p.done < p.total && now - last >= everySeconds * 1000) {
        last = now;
        log(`${progressLine(label, p)}\n`);
      }
    },
    stop() {},
  };
}
