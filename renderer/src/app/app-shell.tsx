import { Button, Layout, Menu, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ArchivePage } from '../features/archive/archive-page';
import { CardsPage } from '../features/cards/cards-page';
import { LedgerPage } from '../features/ledger/ledger-page';
import { NoticesPage } from '../features/notices/notices-page';
import { ComingPage } from '../features/placeholder/coming-page';
import { ReportsPage } from '../features/reports/reports-page';
import { RosterPage } from '../features/roster/roster-page';
import { SessionContext } from '../features/session/session-context';
import { SwitchOperatorDialog } from '../features/session/switch-operator-dialog';
import { SettingsPage } from '../features/settings/settings-page';
import { VisitsPage } from '../features/visits/visits-page';
import { useCall } from '../hooks/use-call';
import { COMING, openPage, PAGES, pageFromHash, type PageKey } from './navigation';

/**
 * Left navigation with who is working (当前操作员 · 切换), and the current page; the page is
 * mirrored in location.hash for reloads.
 */
export function AppShell() {
  const [page, setPage] = useState<PageKey>(() => pageFromHash(window.location.hash));
  const settings = useCall('settings.get');
  // Who is working: shown in the sider, changed by 切换 here or on the 操作员 tab.
  const session = useCall('session.status');
  const [switching, setSwitching] = useState(false);

  useEffect(() => {
    const onHash = () => setPage(pageFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const go = (key: PageKey) => {
    openPage(key);
    setPage(key);
  };
  const title = PAGES.find((p) => p.key === page)!.label;

  return (
    <SessionContext.Provider value={{ status: session.data, reload: session.reload }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #eee' }}>
          <div style={{ padding: '20px 16px 12px' }}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              村级网格台账
            </Typography.Title>
            <Typography.Text type="secondary">
              {settings.data?.villageName || '\u00a0'}
            </Typography.Text>
            <div style={{ marginTop: 8 }}>
              <Typography.Text>当前操作员：{session.data?.operator ?? '…'}</Typography.Text>
              <Typography.Text type="secondary"> · </Typography.Text>
              <Button
                type="link"
                size="small"
                style={{ padding: 0 }}
                onClick={() => setSwitching(true)}
              >
                切换
              </Button>
            </div>
          </div>
          <Menu
            mode="inline"
            selectedKeys={[page]}
            // The Sider draws the full-height divider; the menu's own border stops where it ends.
            style={{ borderInlineEnd: 'none' }}
            items={PAGES.map((p) => ({ key: p.key, label: p.label }))}
            onClick={({ key }) => go(key as PageKey)}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          {page === 'roster' && <RosterPage />}
          {page === 'ledger' && <LedgerPage />}
          {page === 'visits' && <VisitsPage />}
          {page === 'notices' && <NoticesPage />}
          {page === 'cards' && <CardsPage />}
          {page === 'archive' && <ArchivePage />}
          {page === 'reports' && <ReportsPage />}
          {page === 'settings' && <SettingsPage onSaved={settings.reload} />}
          {COMING[page] && <ComingPage title={title} line={COMING[page]} />}
        </Layout.Content>
      </Layout>
      {switching && <SwitchOperatorDialog onClose={() => setSwitching(false)} />}
    </SessionContext.Provider>
  );
}
