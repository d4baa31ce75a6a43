import { Alert, Button, Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useCall } from '../hooks/use-call';
import { PageLoading } from './page-loading';

// Each screen is its own chunk (issue 15 item 4): a clerk who opens an unlocked ledger never
// downloads the set-up or unlock screens.
const FirstRunPage = lazy(() =>
  import('../features/setup/first-run-page').then((m) => ({ default: m.FirstRunPage })),
);
const OperatorPage = lazy(() =>
  import('../features/session/operator-page').then((m) => ({ default: m.OperatorPage })),
);
const UnlockPage = lazy(() =>
  import('../features/session/unlock-page').then((m) => ({ default: m.UnlockPage })),
);
const AppShell = lazy(() => import('./app-shell').then((m) => ({ default: m.AppShell })));

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
  return (
    <Suspense fallback={<PageLoading fullscreen />}>
      <Screen />
    </Suspense>
  );
}

function Screen() {
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
