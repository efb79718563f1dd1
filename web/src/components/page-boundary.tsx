import { Component, Fragment } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { forgetResults } from '../api/use-api.ts';
import { Link } from '../router.tsx';

interface Props {
  /** The page's name as the navigation shows it, for the message. */
  title: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
  /** Bumped by "Try again" so the page mounts afresh. */
  attempt: number;
}

/**
 * Keeps a failure inside one page: the page is replaced by what went wrong, a retry and a way back,
 * while the navigation and the log button around it keep working.
 */
export class PageBoundary extends Component<Props, State> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Kept in the console for whoever reports the problem; the page says it in plain words.
    console.error(`The ${this.props.title} page failed`, error, info.componentStack);
  }

  private retry = () => {
    // A result that made the page fail must not be shown again while the fresh one loads.
    forgetResults();
    this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));
  };

  override render(): ReactNode {
    const { error, attempt } = this.state;
    if (!error) return <Fragment key={attempt}>{this.props.children}</Fragment>;
    return (
      <section className="page narrow page-failed" role="alert" aria-labelledby="page-failed-title">
        <h1 id="page-failed-title">This page could not be shown</h1>
        <p>
          Something went wrong while showing <strong>{this.props.title}</strong>. Your ledger is not affected:
          nothing was changed or lost.
        </p>
        <p className="muted small">
          What failed: <code>{error.message || error.name}</code>
        </p>
        <div className="actions">
          <button type="button" className="primary" onClick={this.retry}>
            Try again
          </button>
          <Link to="/">Back to the dashboard</Link>
        </div>
      </section>
    );
  }
}
