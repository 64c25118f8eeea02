import { Component, type ReactNode } from 'react';
import { ErrorAlert } from './error-alert';

/** A page that throws while rendering shows the error and a retry, not a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey?: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (this.state.error) return <ErrorAlert error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
