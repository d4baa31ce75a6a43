import { Tabs, Typography } from 'antd';
import { useState } from 'react';
import { hashNumber } from '../../app/navigation';
import type { VisitView } from '../../../../electron/api/visits-types';
import type { PickedHousehold } from '../../components/household-picker';
import { DueTab } from './due-tab';
import { MeetingsTab } from './meetings-tab';
import { VisitForm } from './visit-form';
import { VisitsTab } from './visits-tab';

type Editing =
  { kind: 'new'; household: PickedHousehold | null } | { kind: 'edit'; visit: VisitView } | null;

/** 走访记录: who is due this month, the visits recorded, and the monthly meetings. */
export function VisitsPage() {
  const [editing, setEditing] = useState<Editing>(null);
  // A saved or deleted visit refreshes the due list and the visit list through the query
  // cache (renderer/src/api/query-client.ts): no counter to pass around.

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        走访记录
      </Typography.Title>
      <Tabs
        // '#/visits?meetings=<grid>' (迎检自查's link to a month without a meeting) opens 月度会商.
        defaultActiveKey={hashNumber(window.location.hash, 'meetings') ? 'meetings' : 'due'}
        items={[
          {
            key: 'due',
            label: '本月应走访',
            children: <DueTab onVisit={(household) => setEditing({ kind: 'new', household })} />,
          },
          {
            key: 'visits',
            label: '走访登记',
            children: (
              <VisitsTab
                onNew={() => setEditing({ kind: 'new', household: null })}
                onEdit={(visit) => setEditing({ kind: 'edit', visit })}
              />
            ),
          },
          { key: 'meetings', label: '月度会商', children: <MeetingsTab /> },
        ]}
      />
      {editing && (
        <VisitForm
          visit={editing.kind === 'edit' ? editing.visit : null}
          household={editing.kind === 'new' ? editing.household : null}
          onClose={() => setEditing(null)}
          onSaved={() => setEditing(null)}
        />
      )}
    </>
  );
}
