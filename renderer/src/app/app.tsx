import { Alert, Button, Result, Spin } from 'antd';
import { FirstRunPage } from '../features/setup/first-run-page';
import { useCall } from '../hooks/use-call';
import { AppShell } from './app-shell';

/** First run (no grid yet) shows the set-up screen; afterwards the app shell. */
export function App() {
  const status = useCall('setup.status');

  if (status.loading && !status.data) {
    return <Spin fullscreen tip="正在打开台账…" />;
  }
  if (status.error) {
    return (
      <Result
        status="error"
        title="打不开台账"
        subTitle={<Alert type="error" title={status.error.message} />}
        extra={<Button onClick={status.reload}>重试</Button>}
      />
    );
  }
  if (!status.data?.initialized) {
    return <FirstRunPage onDone={status.reload} />;
  }
  return <AppShell />;
}
