import { Alert, Form, Typography } from 'antd';
import { useMemo } from 'react';
import type { ArchiveUpdateInput } from '../../../../electron/api/archive-schemas';
import type { ArchiveItem } from '../../../../electron/api/archive-types';
import type { Settings } from '../../../../electron/api/types';
import { call } from '../../api/client';
import { dateValue } from '../../components/date-input';
import { FormDialog } from '../../components/form-dialog';
import type { PickedHousehold } from '../../components/household-picker';
import { useCall } from '../../hooks/use-call';
import { defaultResponsible, isoOf8 } from './archive-format';
import { ItemFields, type ItemValues } from './item-fields';

type Fields = ArchiveUpdateInput['fields'];

/** Only what the clerk changed goes to archive.update: an unchanged 年度 is no move. */
function changedFields(item: ArchiveItem, values: ItemValues): Fields {
  const fields: Fields = {};
  const title = values.title.trim();
  if (title !== item.title) fields.title = title;
  const responsible = values.responsible?.trim() ?? '';
  if (responsible && responsible !== item.responsible) fields.responsible = responsible;
  const docNo = values.docNo?.trim() ?? '';
  if (docNo !== item.docNo) fields.docNo = docNo;
  const date = dateValue(values.date)!;
  if (date.replaceAll('-', '') !== item.date) fields.date = date;
  if (values.year && values.year !== item.year) fields.year = values.year;
  const secrecy = values.secrecy ?? '';
  if (secrecy !== item.secrecy) fields.secrecy = secrecy;
  const note = values.note?.trim() ?? '';
  if (note !== item.note) fields.note = note;
  if (values.category !== item.category) fields.category = values.category;
  if (values.retention !== item.retention) fields.retention = values.retention;
  const householdId = values.householdId ?? null;
  if (householdId !== item.householdId) fields.householdId = householdId;
  return fields;
}

/**
 * 修改 an item's catalogue fields (never its file). A new 年度 or 保管期限 moves it to the end
 * of that sequence and closes the gap (the service renumbers); in a sealed year the service
 * refuses and its message is shown as is.
 */
export function ItemForm({
  item,
  settings,
  onClose,
  onSaved,
}: {
  item: ArchiveItem;
  settings: Settings;
  onClose: () => void;
  onSaved: (item: ArchiveItem) => void;
}) {
  const [form] = Form.useForm<ItemValues>();
  const household = useCall(
    'households.get',
    item.householdId === null ? null : { id: item.householdId },
  );
  const householdInitial: PickedHousehold | null = useMemo(
    () =>
      item.householdId === null
        ? null
        : {
            id: item.householdId,
            headName: item.householdHead ?? '',
            gridName: household.data?.grid?.name ?? '',
          },
    [item, household.data],
  );
  // A category no longer in the settings' list stays choosable for this item.
  const categories = settings.archive.categories.some((c) => c.name === item.category)
    ? settings.archive.categories
    : [...settings.archive.categories, { name: item.category, retention: item.retention }];

  const save = async (values: ItemValues) => {
    const fields = changedFields(item, values);
    if (Object.keys(fields).length === 0) return item;
    return call('archive.update', { id: item.id, fields });
  };

  return (
    <FormDialog<ItemValues, ArchiveItem>
      form={form}
      name="archiveItem"
      width={720}
      title={`修改归档文件 ${item.archivalCode}`}
      loading={item.householdId !== null && household.loading && !household.data}
      initialValues={{
        title: item.title,
        responsible: item.responsible,
        docNo: item.docNo,
        date: isoOf8(item.date),
        year: item.year,
        secrecy: item.secrecy,
        note: item.note,
        category: item.category,
        retention: item.retention,
        householdId: item.householdId,
      }}
      header={
        <>
          {item.sealed && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`${item.year} 年度已封存，修改会被拒绝；需要修改时先解除封存。`}
            />
          )}
          <Typography.Paragraph type="secondary">
            {item.fixed
              ? '只改目录信息，不改原件。这件已经移交（导出或封存过），档号和件号不再改变，年度和保管期限不能改。'
              : '只改目录信息，不改原件。改变年度或保管期限后，这件排到新一组的末尾、得到新的件号和档号，原来一组中排在它后面的文件件号依次前移。'}
          </Typography.Paragraph>
        </>
      }
      save={save}
      success="已保存"
      onSaved={onSaved}
      onClose={onClose}
    >
      <ItemFields
        categories={categories}
        householdInitial={householdInitial}
        defaultResponsible={defaultResponsible(settings.villageName)}
        newItem={false}
        locked={{
          ...(item.documentId !== null
            ? { category: '程序生成的文件按「设置 → 档案」中各类文件的归档类别归类，不能单件改动' }
            : {}),
          ...(item.fixed ? { number: '已移交，档号不再改变' } : {}),
        }}
      />
    </FormDialog>
  );
}
