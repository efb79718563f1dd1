import { hours, minutes, monthLabel, percent } from '../format.ts';

export interface Segment {
  key: string;
  label: string;
  value: number;
  className: string;
}

/** One horizontal bar split into shares, with a legend that carries the figures. */
export function SplitBar({
  label,
  segments,
  format = minutes,
}: {
  label: string;
  segments: Segment[];
  format?: (n: number) => string;
}) {
  const total = segments.reduce((s, x) => s + x.value, 0);
  let x = 0;
  return (
    <figure className="split">
      <figcaption>{label}</figcaption>
      <svg
        className="split-bar"
        viewBox="0 0 100 8"
        preserveAspectRatio="none"
        role="img"
        aria-label={`${label}: ${segments.map((s) => `${s.label} ${format(s.value)}`).join(', ')}`}
      >
        <rect className="track" x="0" y="0" width="100" height="8" rx="0" />
        {total > 0
          ? segments.map((s) => {
              const w = (s.value / total) * 100;
              const r = <rect key={s.key} className={s.className} x={x} y="0" width={w} height="8" />;
              x += w;
              return r;
            })
          : null}
      </svg>
      <ul className="legend">
        {segments.map((s) => (
          <li key={s.key}>
            <span className={`swatch ${s.className}`} aria-hidden="true" />
            <span className="legend-label">{s.label}</span>
            <span className="legend-value">{format(s.value)}</span>
            <span className="legend-share">{total > 0 ? percent(s.value / total) : '—'}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** A progress bar toward a target, with a tick where today's pace says one should be. */
export function TargetBar({ value, target, pace }: { value: number; target: number; pace: number | null }) {
  const max = Math.max(target, value, 1);
  const w = (value / max) * 100;
  const t = (target / max) * 100;
  const p = pace === null ? null : (pace / max) * 100;
  return (
    <svg className="target-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
      <rect className="track" x="0" y="2" width="100" height="6" rx="3" />
      <rect className="fill mode-networking" x="0" y="2" width={w} height="6" rx="3" />
      {p !== null ? (
        <rect className="pace-tick" x={Math.max(0, p - 0.4)} y="0" width="0.8" height="10" />
      ) : null}
      {t < 100 ? <rect className="target-tick" x={t - 0.3} y="0" width="0.6" height="10" /> : null}
    </svg>
  );
}

export interface MonthBar {
  month: string;
  networkingMinutes: number;
  targetMinutes: number;
  state: 'met' | 'missed' | 'in_progress' | 'future';
}

const stateWords: Record<MonthBar['state'], string> = {
  met: 'target met',
  missed: 'target missed',
  in_progress: 'in progress',
  future: 'not begun',
};

/** Networking month by month against the target: met months solid, missed ones pale, this one outlined. */
export function MonthChart({ months, title }: { months: MonthBar[]; title: string }) {
  const W = 720;
  const H = 220;
  const left = 40;
  const bottom = 26;
  const top = 14;
  const plotH = H - bottom - top;
  const target = Math.max(0, ...months.map((m) => m.targetMinutes));
  const peak = Math.max(target * 1.25, ...months.map((m) => m.networkingMinutes), 60);
  // Round the scale up to whole hours so the grid lines read cleanly.
  const stepH = Math.max(1, Math.ceil(peak / 60 / 4));
  const maxMin = stepH * 4 * 60;
  const y = (v: number) => top + plotH - (Math.min(v, maxMin) / maxMin) * plotH;
  const slot = (W - left - 8) / Math.max(months.length, 1);
  const bw = Math.min(36, slot * 0.62);
  return (
    <figure className="month-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="month-chart-title">
        <title id="month-chart-title">{title}</title>
        {[0, 1, 2, 3, 4].map((i) => (
          <g key={i} className="grid">
            <line x1={left} x2={W - 4} y1={y(i * stepH * 60)} y2={y(i * stepH * 60)} />
            <text x={left - 8} y={y(i * stepH * 60) + 4} textAnchor="end">
              {i * stepH}h
            </text>
          </g>
        ))}
        {months.map((m, i) => {
          const cx = left + slot * i + slot / 2;
          const h = y(0) - y(m.networkingMinutes);
          return (
            <g key={m.month} className={`bar state-${m.state}`}>
              <title>{`${monthLabel(m.month, true)}: ${minutes(m.networkingMinutes)} of networking, ${stateWords[m.state]}`}</title>
              <rect x={cx - bw / 2} y={y(m.networkingMinutes)} width={bw} height={Math.max(0, h)} rx="3" />
              <text className="axis" x={cx} y={H - 8} textAnchor="middle">
                {monthLabel(m.month)}
              </text>
            </g>
          );
        })}
        {target > 0 ? (
          <g className="target-line">
            <line x1={left} x2={W - 4} y1={y(target)} y2={y(target)} />
            <text x={W - 6} y={y(target) - 6} textAnchor="end">
              target {hours(target)}
            </text>
          </g>
        ) : null}
      </svg>
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Networking</th>
              <th scope="col">Against the target</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{monthLabel(m.month, true)}</th>
                <td>{minutes(m.networkingMinutes)}</td>
                <td>{stateWords[m.state]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
