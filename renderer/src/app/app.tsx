import { Alert, Button, Result, Spin } from 'antd';
import { FirstRunPage } from '../features/setup/first-run-page';
import { OperatorPage } from '../features/session/operator-page';
import { UnlockPage } from '../features/session/unlock-page';
import { useCall } from '../hooks/use-call';
import { AppShell } from './app-shell';

function Failed({ message, retry }: { message: string; retry: () => void }) {
  return (
    <Result
      status="error"
      title="打不开台账"
      subTitle={<Alert type="error" title={message} />}
      extra={<Button onClick={retry}>重试</Button>}
    />
  );
}

/**
 * Before anything else: the database password (when one is set), then who is working; then
 * first run (no grid yet) shows the set-up screen, and afterwards the app shell.
 */
export function App() {
  const session = useCall('session.status');

  if (session.loading && !session.data) {
    return <Spin fullscreen tip="正在打开台账…" />;
  }
  if (session.error || !session.data) {
    return <Failed message={session.error?.message ?? '没有回应'} retry={session.reload} />;
  }
  if (session.data.locked) {
    return <UnlockPage onDone={session.reload} />;
  }
  if (!session.data.operator) {
    return <OperatorPage operators={session.data.operators} onDone={session.reload} />;
  }
  return <Workspace />;
}

function Workspace() {
  const status = useCall('setup.status');

  if (status.loading && !status.data) {
    return <Spin fullscreen tip="正在打开台账…" />;
  }
  if (status.error) {
    return <Failed message={status.error.message} retry={status.reload} />;
  }
  if (!status.data?.initialized) {
    return <FirstRunPage onDone={status.reload} />;
  }
  return <AppShell />;
}
