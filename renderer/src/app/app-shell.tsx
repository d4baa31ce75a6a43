import { Alert, Button, Layout, Menu, Typography } from 'antd';
import { lazy, Suspense, useEffect, useState } from 'react';
import { SwitchOperatorDialog } from '../features/session/switch-operator-dialog';
import { useCall } from '../hooks/use-call';
import { COMING, openPage, PAGES, pageFromHash, pageShown, type PageKey } from './navigation';
import { isRollUpWorkspace, useWorkspace } from '../hooks/use-workspace';
import { PageLoading } from './page-loading';

// Every page is its own chunk, fetched when first opened (issue 15 item 4): the entry stays
// small, and ECharts comes only with 统计报表.
const RosterPage = lazy(() =>
  import('../features/roster/roster-page').then((m) => ({ default: m.RosterPage })),
);
const LedgerPage = lazy(() =>
  import('../features/ledger/ledger-page').then((m) => ({ default: m.LedgerPage })),
);
const VisitsPage = lazy(() =>
  import('../features/visits/visits-page').then((m) => ({ default: m.VisitsPage })),
);
const NoticesPage = lazy(() =>
  import('../features/notices/notices-page').then((m) => ({ default: m.NoticesPage })),
);
const CardsPage = lazy(() =>
  import('../features/cards/cards-page').then((m) => ({ default: m.CardsPage })),
);
const ArchivePage = lazy(() =>
  import('../features/archive/archive-page').then((m) => ({ default: m.ArchivePage })),
);
const ReportsPage = lazy(() =>
  import('../features/reports/reports-page').then((m) => ({ default: m.ReportsPage })),
);
const SelfCheckPage = lazy(() =>
  import('../features/self-check/self-check-page').then((m) => ({ default: m.SelfCheckPage })),
);
const WarningsPage = lazy(() =>
  import('../features/warnings/warnings-page').then((m) => ({ default: m.WarningsPage })),
);
const TownshipPage = lazy(() =>
  import('../features/township/township-page').then((m) => ({ default: m.TownshipPage })),
);
const SettingsPage = lazy(() =>
  import('../features/settings/settings-page').then((m) => ({ default: m.SettingsPage })),
);
const ComingPage = lazy(() =>
  import('../features/placeholder/coming-page').then((m) => ({ default: m.ComingPage })),
);

/**
 * Left navigation with who is working (当前操作员 · 切换), and the current page; the page is
 * mirrored in location.hash for reloads.
 */
export function AppShell() {
  // null until a page is asked for (a bare start): then the first page of this kind of database.
  const [asked, setPage] = useState<PageKey | null>(() =>
    window.location.hash.replace(/^#\/?/, '') ? pageFromHash(window.location.hash) : null,
  );
  const settings = useCall('settings.get');
  // Who is working: shown in the sider, changed by 切换 here or on the 操作员 tab.
  const session = useCall('session.status');
  const [switching, setSwitching] = useState(false);
  // A 乡镇汇总库 does not show the village-only pages (docs/domain.md §11).
  const workspace = useWorkspace();
  const rollUp = isRollUpWorkspace(workspace);
  // A page this kind of database does not have (a link from before) opens its first page:
  // 乡镇汇总 in a roll-up, the roster in a village.
  const first: PageKey = rollUp ? 'township' : 'roster';
  const page: PageKey = asked && pageShown(asked, rollUp) ? asked : first;

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
    <>
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
            items={PAGES.filter((p) => pageShown(p.key, rollUp)).map((p) => ({
              key: p.key,
              label: p.label,
            }))}
            onClick={({ key }) => go(key as PageKey)}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          {rollUp && page !== 'township' && (
            <Alert
              type="info"
              banner
              title="乡镇汇总库：各村数据只读"
              style={{ marginBottom: 16 }}
            />
          )}
          <Suspense fallback={<PageLoading />}>
            {page === 'township' && <TownshipPage />}
            {page === 'roster' && <RosterPage />}
            {page === 'ledger' && <LedgerPage />}
            {page === 'visits' && <VisitsPage />}
            {page === 'notices' && <NoticesPage />}
            {page === 'cards' && <CardsPage />}
            {page === 'archive' && <ArchivePage />}
            {page === 'reports' && <ReportsPage />}
            {page === 'self-check' && <SelfCheckPage />}
            {page === 'warnings' && <WarningsPage />}
            {page === 'settings' && <SettingsPage />}
            {COMING[page] && <ComingPage title={title} line={COMING[page]} />}
          </Suspense>
        </Layout.Content>
      </Layout>
      {switching && <SwitchOperatorDialog onClose={() => setSwitching(false)} />}
    </>
  );
}
