import { FileExcelOutlined, InboxOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ProblemStatus } from '../../../../electron/api/ledger-enums';
import { call } from '../../api/client';
import { downloadFile } from '../../api/files';
import { hashNumber, openPage } from '../../app/navigation';
import { useAction } from '../../hooks/use-action';
import { useCall } from '../../hooks/use-call';
import { isRollUpWorkspace, useWorkspace } from '../../hooks/use-workspace';
import { filedKey } from '../../../../electron/api/archive-types';
import { ArchivedBadge, useFiledRecords } from '../archive/archived-badge';
import { useFileToArchive } from '../archive/use-file-to-archive';
import { FileLedgerForm } from './file-ledger-form';
import { ListEmpty } from '../../components/list-empty';
import { hasLedgerFilter, toLedgerFilter, type LedgerFilterValues } from './ledger-filter';
import { LedgerFilters } from './ledger-filters';
import { LedgerTable } from './ledger-table';
import { LedgerTotals } from './ledger-totals';
import { ProblemDrawer } from './problem-drawer';
import { ProblemForm, ProblemFormForHousehold } from './problem-form';
import { ReviewFeedbackImport } from './review-feedback-import';

/**
 * 问题台账: filters, totals, the ledger (paged by the service), 导出台账 of the same filter
 * and 归档台账 (a year's paper ledger filed into 档案管理); a row opens the problem. '#/ledger?problem=12' opens problem 12 (links from 走访).
 */
export function LedgerPage() {
  const [values, setValues] = useState<LedgerFilterValues>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 100 });
  const [openId, setOpenId] = useState<number | null>(() =>
    hashNumber(window.location.hash, 'problem'),
  );
  const [creating, setCreating] = useState(false);
  // '#/ledger?register=12': 登记问题 for household 12 (from its page), its worker filled in.
  const [registerFor, setRegisterFor] = useState<number | null>(() =>
    hashNumber(window.location.hash, 'register'),
  );
  const [filingYear, setFilingYear] = useState(false);
  // A 乡镇汇总库's ledger is the villages' (docs/domain.md §11): read-only, so no 登记 or 归档.
  const readOnly = isRollUpWorkspace(useWorkspace());
  // 已归档 with the 档号 of this year's ledger (docs/domain.md §6: a record is filed once).
  const ledgerFiled = useFiledRecords('ledger').get(filedKey.ledger(new Date().getFullYear()));
  const { showFiled } = useFileToArchive();
  const { run, busy } = useAction();
  const filter = useMemo(() => toLedgerFilter(values), [values]);
  const list = useCall('problems.list', {
    ...filter,
    offset: (paging.page - 1) * paging.pageSize,
    limit: paging.pageSize,
  });
  const filtered = hasLedgerFilter(values);
  // How many problems there are without the filter, for an empty filtered list to say so.
  const all = useCall('problems.list', filtered ? { limit: 1 } : null);
  const { reload: reloadList } = list;
  const { reload: reloadAll } = all;
  // 刷新: reads again what another door (the CLI, another window) may have changed.
  const reloadBoth = useCallback(() => {
    reloadList();
    reloadAll();
  }, [reloadList, reloadAll]);

  useEffect(() => {
    const onHash = () => {
      const id = hashNumber(window.location.hash, 'problem');
      if (id) setOpenId(id);
      const household = hashNumber(window.location.hash, 'register');
      if (household) setRegisterFor(household);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const setFilter = (next: LedgerFilterValues) => {
    setValues(next);
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const pickTotal = (key: ProblemStatus | 'overdue') =>
    setFilter(
      key === 'overdue'
        ? { ...values, overdue: !values.overdue }
        : { ...values, status: values.status === key ? undefined : key },
    );
  const open = (id: number | null) => {
    setOpenId(id);
    // The hash names the open problem, so a reload comes back to it.
    openPage('ledger', id ? { problem: id } : undefined);
  };
  const exportLedger = async () => {
    const file = await run(() => call('problems.export', filter));
    if (file) downloadFile(file);
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          问题台账
        </Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={reloadBoth} aria-label="刷新" />
          <Button icon={<FileExcelOutlined />} loading={busy} onClick={exportLedger}>
            导出台账
          </Button>
          {!readOnly && (
            <Button icon={<InboxOutlined />} onClick={() => setFilingYear(true)}>
              归档台账
            </Button>
          )}
          {ledgerFiled && (
            <ArchivedBadge code={ledgerFiled.archivalCode} title={ledgerFiled.title} />
          )}
          <ReviewFeedbackImport />
          {!readOnly && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              登记问题
            </Button>
          )}
        </Space>
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <LedgerFilters value={values} onChange={setFilter} />
      </Card>
      <LedgerTotals
        totals={list.data?.totals}
        active={values.overdue ? 'overdue' : values.status}
        onPick={pickTotal}
      />
      {list.error && (
        <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />
      )}
      <LedgerTable
        rows={list.data?.rows ?? []}
        total={list.data?.totals.total ?? 0}
        page={paging.page}
        pageSize={paging.pageSize}
        loading={list.loading}
        onPage={(page, pageSize) => setPaging({ page, pageSize })}
        onOpen={open}
        empty={
          <ListEmpty
            filtered={filtered}
            what="问题"
            unit="件"
            total={all.data?.totals.total}
            onClear={() => setFilter({})}
            empty="还没有登记问题，点「登记问题」添加"
          />
        }
      />
      {creating && (
        <ProblemForm
          problem={null}
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            open(saved.id);
          }}
        />
      )}
      {registerFor !== null && (
        <ProblemFormForHousehold
          householdId={registerFor}
          onClose={() => {
            setRegisterFor(null);
            openPage('ledger');
          }}
          onSaved={(saved) => {
            setRegisterFor(null);
            open(saved.id);
          }}
        />
      )}
      {filingYear && (
        <FileLedgerForm
          onClose={() => setFilingYear(false)}
          onSaved={(item) => {
            setFilingYear(false);
            showFiled(`${item.year} 年问题登记台账`, item);
          }}
        />
      )}
      {openId !== null && (
        <ProblemDrawer key={openId} problemId={openId} onClose={() => open(null)} />
      )}
    </>
  );
}
